package io.specialist.drift.detector;

/**
 * The model a domain's documents are scored with right now.
 *
 * @param version   model version, e.g. {@code legal@3} or {@code general@1}
 * @param own       true if it is the domain's own model, false if it is the base model
 * @param reference reference of an own model (null if there is none, or for the base model)
 */
public record ModelContext(String version, boolean own, ReferenceProfile reference) {
}
