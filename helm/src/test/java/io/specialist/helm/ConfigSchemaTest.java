package io.specialist.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specialist.helm.ServiceConfig.ConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * values.schema.json types each service configuration key as the service's Java type, so a wrong type
 * fails at {@code helm install}, not at the service's start. The types are derived from the sources;
 * after a service changes, regenerate with
 * {@code mvn -o -f helm/pom.xml test -Dtest=ConfigSchemaTest -Dspecialist.schema.update=true}.
 */
class ConfigSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern OPTIONAL = Pattern.compile("^(?:java\\.util\\.)?Optional<(.+)>$");

    @TempDir
    Path directory;

    @Test
    void configKeysCarryTheServicesJavaTypes() throws IOException {
        Path schemaFile = HelmChart.directory().resolve("values.schema.json");
        ObjectNode schema = (ObjectNode) JSON.readTree(schemaFile.toFile());
        Map<String, String> differences = new TreeMap<>();
        for (String component : DeploymentsTest.COMPONENTS) {
            ObjectNode expected = expectedProperties(ServiceConfig.of(component));
            ObjectNode config = (ObjectNode) schema.at("/properties/" + component + "/properties/config");
            JsonNode actual = config.path("properties");
            if (!expected.equals(actual)) {
                differences.put(component, JSON.writeValueAsString(expected));
                config.set("properties", expected);
            }
        }
        if (!differences.isEmpty() && Boolean.getBoolean("specialist.schema.update")) {
            Files.writeString(schemaFile, JSON.writeValueAsString(schema).replace("\r\n", "\n") + "\n");
            return;
        }
        assertThat(differences)
                .as("values.schema.json <component>.config.properties differ from the services' key types;"
                        + " regenerate with mvn -o -f helm/pom.xml test -Dtest=ConfigSchemaTest -Dspecialist.schema.update=true")
                .isEmpty();
    }

    @Test
    void rejectsAWrongTypeForAServiceKey() throws IOException {
        Path values = Files.writeString(directory.resolve("bad.yaml"),
                "trainer:\n  config:\n    specialist.trainer.gate.min-domain-gain: lots\n");
        assertThatThrownBy(() -> HelmChart.template(values))
                .hasMessageContaining("/trainer/config/specialist.trainer.gate.min-domain-gain");
        Path fraction = Files.writeString(directory.resolve("fraction.yaml"),
                "serving:\n  config:\n    specialist.serving.max-concurrent: 2.5\n");
        assertThatThrownBy(() -> HelmChart.template(fraction))
                .hasMessageContaining("/serving/config/specialist.serving.max-concurrent");
    }

    /** JSON schema of every key the chart passes through <component>.config (computed keys included: harmless). */
    static ObjectNode expectedProperties(ServiceConfig service) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (ConfigKey key : service.mappedKeys().values()) {
            if (!key.name().endsWith(".*")) {
                properties.set(key.name(), schemaFor(key));
            }
        }
        return properties;
    }

    private static ObjectNode schemaFor(ConfigKey key) {
        Matcher optional = OPTIONAL.matcher(key.type());
        String type = optional.matches() ? optional.group(1) : key.type();
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        String jsonType = jsonType(type);
        if (optional.matches() || key.type().startsWith("Optional")) {
            jsonType = jsonType(switch (key.type()) {
                case "OptionalInt", "OptionalLong" -> "long";
                case "OptionalDouble" -> "double";
                default -> type;
            });
        }
        if (jsonType.equals("array")) {
            ArrayNode types = schema.putArray("type");
            types.add("array").add("string");
        } else if ((optional.matches() || key.type().startsWith("Optional")) && !jsonType.equals("string")) {
            // An unset optional key is "" in values.yaml (an empty env var means "not set").
            ArrayNode anyOf = schema.putArray("anyOf");
            anyOf.addObject().put("type", jsonType);
            anyOf.addObject().put("const", "");
        } else {
            schema.put("type", jsonType);
        }
        if (!key.doc().isEmpty()) {
            schema.put("description", key.doc());
        }
        return schema;
    }

    private static String jsonType(String javaType) {
        if (Set.of("int", "Integer", "long", "Long", "short", "Short").contains(javaType)) {
            return "integer";
        }
        if (Set.of("double", "Double", "float", "Float").contains(javaType)) {
            return "number";
        }
        if (Set.of("boolean", "Boolean").contains(javaType)) {
            return "boolean";
        }
        if (javaType.matches("^(?:java\\.util\\.)?(List|Set)<.*")) {
            return "array";
        }
        return "string";
    }
}
