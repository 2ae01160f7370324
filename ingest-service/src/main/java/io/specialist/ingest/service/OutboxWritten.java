package io.specialist.ingest.service;

/** CDI event fired after a transaction that wrote outbox rows committed, so the relay need not wait for its poll. */
public record OutboxWritten(int events) {
}
