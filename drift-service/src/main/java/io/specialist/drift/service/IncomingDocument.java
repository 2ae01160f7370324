package io.specialist.drift.service;

import io.specialist.events.DocumentIngested;

/**
 * An ingested document on its way to the detector.
 *
 * @param event    the {@code documents.ingested} event
 * @param document its text from ingest, or null if ingest did not have it
 */
public record IncomingDocument(DocumentIngested event, IngestDocument document) {
}
