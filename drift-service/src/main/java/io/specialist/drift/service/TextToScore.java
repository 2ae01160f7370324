package io.specialist.drift.service;

/** A document's text with what the detector needs to know about it. */
public record TextToScore(String id, boolean train, String text) {
}
