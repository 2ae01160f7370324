package io.specialist.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * JSON encoding of the event records. Decoding failures become {@link MalformedEventException}s whose
 * message names the event type, the field and what was wrong, so a log line or a DLQ reason is enough to
 * fix the producer.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Unknown fields are allowed so that newer producers do not break older consumers.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private EventCodec() {
    }

    /** The mapper used for events, for callers that need to read or write the same JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toJson(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static String toJsonString(Object event) {
        return new String(toJson(event), StandardCharsets.UTF_8);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        if (json == null) {
            throw new MalformedEventException(type.getSimpleName() + " payload is missing (null record value)");
        }
        return fromJson(json.getBytes(StandardCharsets.UTF_8), type);
    }

    public static <T> T fromJson(byte[] json, Class<T> type) {
        String name = type.getSimpleName();
        if (json == null || json.length == 0) {
            throw new MalformedEventException(name + " payload is empty");
        }
        T value;
        try {
            value = MAPPER.readValue(json, type);
        } catch (JsonParseException e) {
            throw new MalformedEventException(name + " payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new MalformedEventException(name + " payload is invalid: " + cause.getMessage(), e);
        } catch (InvalidFormatException e) {
            throw new MalformedEventException(name + " payload is invalid: field '" + path(e) + "' has value '"
                    + e.getValue() + "' that is not a valid " + e.getTargetType().getSimpleName(), e);
        } catch (MismatchedInputException e) {
            String field = path(e);
            String target = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
            String message = field.isEmpty()
                    ? name + " payload must be a JSON object"
                    : name + " payload is invalid: field '" + field + "' must be of type " + target;
            throw new MalformedEventException(message, e);
        } catch (JsonMappingException e) {
            throw new MalformedEventException(name + " payload is invalid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException(name + " payload cannot be read: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new MalformedEventException(name + " payload is JSON null");
        }
        checkSchemaVersion(value, name);
        return value;
    }

    private static void checkSchemaVersion(Object value, String name) {
        if (value instanceof Record record) {
            for (var component : record.getClass().getRecordComponents()) {
                if (component.getName().equals("schemaVersion")) {
                    try {
                        Object version = component.getAccessor().invoke(record);
                        if (version instanceof Integer v && v > Events.SCHEMA_VERSION) {
                            throw new MalformedEventException(name + " has schemaVersion " + v
                                    + " but this service reads up to " + Events.SCHEMA_VERSION + "; upgrade it");
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
