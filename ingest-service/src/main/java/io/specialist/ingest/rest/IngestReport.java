package io.specialist.ingest.rest;

import java.util.List;

/** Answer of {@code POST /v1/documents} (202): counts and one result per submitted item. */
public record IngestReport(int accepted, int duplicates, int rejected, List<ItemResult> results) {
}
