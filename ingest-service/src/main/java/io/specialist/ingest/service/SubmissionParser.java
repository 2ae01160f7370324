package io.specialist.ingest.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.events.DocumentKind;
import io.specialist.events.DocumentSubmitted;
import io.specialist.events.EventCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Turns raw bytes or a JSON tree into a {@link DocumentSubmitted}, checking the JSON types of the known
 * fields strictly: Jackson would otherwise coerce {@code "text": 42} to the string "42" and a wrong
 * producer would go unnoticed. Unknown fields are ignored so newer producers keep working.
 */
public final class SubmissionParser {

    private static final ObjectMapper MAPPER = EventCodec.mapper().copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SubmissionParser() {
    }

    /** Strict UTF-8 decoding: a malformed byte sequence is an error, not a replacement character. */
    public static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (MalformedInputException e) {
            throw new RejectedException(RejectionReason.NOT_UTF8, "payload is not valid UTF-8: malformed byte sequence at byte "
                    + buffer.position() + " of " + bytes.length + "; send text encoded as UTF-8");
        } catch (CharacterCodingException e) {
            throw new RejectedException(RejectionReason.NOT_UTF8, "payload is not valid UTF-8: " + e.getMessage());
        }
    }

    /** Parses a JSON document; anything but one JSON value (object or not) is rejected. */
    public static JsonNode readTree(String json) {
        if (json.isBlank()) {
            throw new RejectedException(RejectionReason.NOT_JSON, "payload is empty; expected a JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new RejectedException(RejectionReason.NOT_JSON, "payload is empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new RejectedException(RejectionReason.NOT_JSON, "payload is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
    }

    /** Reads the submission fields of one JSON object. */
    public static DocumentSubmitted fromTree(JsonNode node) {
        if (!node.isObject()) {
            throw new RejectedException(RejectionReason.WRONG_TYPE, "a document must be a JSON object, got "
                    + describe(node));
        }
        String kindValue = string(node, "kind");
        DocumentKind kind;
        try {
            kind = DocumentKind.fromWire(kindValue);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field 'kind': " + e.getMessage());
        }
        String published = string(node, "publishedAt");
        Instant publishedAt = null;
        if (published != null) {
            try {
                publishedAt = Instant.parse(published);
            } catch (DateTimeParseException e) {
                throw new RejectedException(RejectionReason.INVALID_VALUE, "field 'publishedAt' must be an ISO-8601 instant"
                        + " such as 2024-05-01T12:00:00Z, got '" + published + "'");
            }
        }
        return new DocumentSubmitted(string(node, "domain"), kind, string(node, "text"), string(node, "title"),
                string(node, "source"), string(node, "id"), publishedAt, string(node, "prompt"), string(node, "response"));
    }

    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RejectedException(RejectionReason.WRONG_TYPE, "field '" + field + "' must be a string, got "
                    + describe(value));
        }
        return value.textValue();
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
