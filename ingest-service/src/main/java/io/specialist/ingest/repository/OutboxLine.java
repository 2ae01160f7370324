package io.specialist.ingest.repository;

import java.util.ArrayList;
import java.util.List;

/**
 * One event of an outbox batch: its CloudEvents id, record key (null for none) and JSON payload. A batch's
 * payload is its events as lines {@code "<ceId> <key> <json>"}: neither the id (a UUID) nor the key (a
 * domain name) contains a space, and compact JSON contains no raw line break, so decoding needs no JSON
 * parser and the relay sends the stored JSON as it is.
 */
public record OutboxLine(String ceId, String key, String json) {

    public OutboxLine {
        if (ceId.isEmpty() || ceId.indexOf(' ') >= 0 || ceId.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("outbox event id must be non-empty without spaces: '" + ceId + "'");
        }
        if (key != null && (key.indexOf(' ') >= 0 || key.indexOf('\n') >= 0)) {
            throw new IllegalArgumentException("outbox record key must not contain spaces: '" + key + "'");
        }
        if (json.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("outbox event JSON must be on one line");
        }
    }

    /** The payload column of a batch holding {@code lines}. */
    public static String encode(List<OutboxLine> lines) {
        StringBuilder out = new StringBuilder(lines.size() * 320);
        for (OutboxLine line : lines) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(line.ceId).append(' ').append(line.key == null ? "" : line.key).append(' ').append(line.json);
        }
        return out.toString();
    }

    /** The events of a batch's payload column, in order. */
    public static List<OutboxLine> decode(String payload) {
        List<OutboxLine> lines = new ArrayList<>();
        int start = 0;
        while (start < payload.length()) {
            int end = payload.indexOf('\n', start);
            if (end < 0) {
                end = payload.length();
            }
            int firstSpace = payload.indexOf(' ', start);
            int secondSpace = firstSpace < 0 ? -1 : payload.indexOf(' ', firstSpace + 1);
            if (secondSpace < 0 || secondSpace > end) {
                throw new IllegalStateException("malformed outbox line: " + payload.substring(start, Math.min(end, start + 200)));
            }
            String key = payload.substring(firstSpace + 1, secondSpace);
            lines.add(new OutboxLine(payload.substring(start, firstSpace), key.isEmpty() ? null : key,
                    payload.substring(secondSpace + 1, end)));
            start = end + 1;
        }
        return lines;
    }
}
