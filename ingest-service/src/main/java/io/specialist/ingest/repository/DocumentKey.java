package io.specialist.ingest.repository;

/** The identity of a stored document: enough to tell a re-send from a different document under the same id. */
public record DocumentKey(String id, String domain, String sha256) {
}
