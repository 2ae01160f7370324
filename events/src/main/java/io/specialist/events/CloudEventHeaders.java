package io.specialist.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 attributes in Kafka binary content mode: each attribute is a {@code ce_*} header and the
 * record value is the JSON payload ({@code content-type: application/json}).
 */
public record CloudEventHeaders(String id, String type, String source, Instant time) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";
    /** Extra header on dead-lettered records: why the record was rejected. */
    public static final String ERROR = "ce_error";

    public CloudEventHeaders {
        Require.text(id, "ce_id");
        Require.text(type, "ce_type");
        Require.text(source, "ce_source");
        Require.present(time, "ce_time");
    }

    /** New event attributes with a random id and the current time. */
    public static CloudEventHeaders create(String type, String source) {
        return new CloudEventHeaders(UUID.randomUUID().toString(), type, source, Instant.now());
    }

    public Headers toKafkaHeaders() {
        RecordHeaders headers = new RecordHeaders();
        writeTo(headers);
        return headers;
    }

    /** Sets (replacing) the ce_* and content-type headers. */
    public void writeTo(Headers headers) {
        put(headers, CE_SPECVERSION, SPEC_VERSION);
        put(headers, CE_ID, id);
        put(headers, CE_TYPE, type);
        put(headers, CE_SOURCE, source);
        put(headers, CE_TIME, time.toString());
        put(headers, CONTENT_TYPE, "application/json");
    }

    /** Reads the attributes, failing with a message that names the missing or bad header. */
    public static CloudEventHeaders readFrom(Headers headers) {
        String spec = value(headers, CE_SPECVERSION);
        if (spec == null) {
            throw new MalformedEventException("record has no " + CE_SPECVERSION + " header: not a binary-mode CloudEvent");
        }
        if (!SPEC_VERSION.equals(spec)) {
            throw new MalformedEventException("unsupported CloudEvents spec version '" + spec + "', expected 1.0");
        }
        String time = value(headers, CE_TIME);
        Instant instant;
        try {
            instant = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("header " + CE_TIME + " is not an RFC 3339 timestamp: '" + time + "'", e);
        }
        try {
            return new CloudEventHeaders(value(headers, CE_ID), value(headers, CE_TYPE), value(headers, CE_SOURCE), instant);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("CloudEvent header missing: " + e.getMessage(), e);
        }
    }

    /** The last value of a header as UTF-8, or null. */
    public static String value(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
