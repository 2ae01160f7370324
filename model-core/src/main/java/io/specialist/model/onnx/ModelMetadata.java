package io.specialist.model.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.specialist.model.ModelConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an exported model carries in its ONNX {@code metadata_props}, so that serving and drift need
 * only the one file: the tokenizer, the model shape and free-form properties such as the version.
 *
 * @param config        the network's shape ({@link #CONFIG})
 * @param tokenizerJson the tokenizer as written by {@code BpeTokenizer.toJson()} ({@link #TOKENIZER})
 * @param properties    every metadata entry of the file, including the two above
 */
public record ModelMetadata(ModelConfig config, String tokenizerJson, Map<String, String> properties) {

    /** Tokenizer JSON. */
    public static final String TOKENIZER = "specialist.tokenizer";
    /** ModelConfig JSON: {@code {"vocabSize","contextLength","dModel","layers","heads"}}. */
    public static final String CONFIG = "specialist.config";
    /** Model version, e.g. {@code legal@3} (set by whoever exports). */
    public static final String VERSION = "specialist.version";
    /** Domain the model serves, e.g. {@code legal}. */
    public static final String DOMAIN = "specialist.domain";
    /** Name and version of the graph's input/output contract, see {@link OnnxExporter}. */
    public static final String GRAPH = "specialist.graph";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelMetadata {
        properties = Map.copyOf(properties);
    }

    public Optional<String> version() {
        return Optional.ofNullable(properties.get(VERSION));
    }

    public Optional<String> domain() {
        return Optional.ofNullable(properties.get(DOMAIN));
    }

    /**
     * Reads the metadata map of an exported model.
     *
     * @throws IllegalArgumentException naming the missing or invalid key
     */
    public static ModelMetadata fromProperties(Map<String, String> properties) {
        String tokenizer = properties.get(TOKENIZER);
        String config = properties.get(CONFIG);
        if (tokenizer == null || tokenizer.isBlank()) {
            throw new IllegalArgumentException("model metadata has no '" + TOKENIZER
                    + "' entry: not a Specialist model export (keys present: " + properties.keySet() + ")");
        }
        if (config == null || config.isBlank()) {
            throw new IllegalArgumentException("model metadata has no '" + CONFIG
                    + "' entry: not a Specialist model export (keys present: " + properties.keySet() + ")");
        }
        String graph = properties.get(GRAPH);
        if (graph != null && !graph.equals(OnnxExporter.GRAPH_CONTRACT)) {
            throw new IllegalArgumentException("model graph contract '" + graph + "' is not supported, expected '"
                    + OnnxExporter.GRAPH_CONTRACT + "': re-export the model with this version of model-core");
        }
        return new ModelMetadata(configFromJson(config), tokenizer, new LinkedHashMap<>(properties));
    }

    public static String configToJson(ModelConfig config) {
        ObjectNode node = JSON.createObjectNode()
                .put("vocabSize", config.vocabSize())
                .put("contextLength", config.contextLength())
                .put("dModel", config.dModel())
                .put("layers", config.layers())
                .put("heads", config.heads());
        return node.toString();
    }

    /**
     * Parses {@link #configToJson} output.
     *
     * @throws IllegalArgumentException if the text is not such JSON or the shape is invalid
     */
    public static ModelConfig configFromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'" + CONFIG + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'" + CONFIG + "' must be a JSON object, got: " + json);
        }
        return new ModelConfig(intField(node, "vocabSize"), intField(node, "contextLength"),
                intField(node, "dModel"), intField(node, "layers"), intField(node, "heads"));
    }

    private static int intField(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + CONFIG + "' needs an integer field '" + name + "', got: " + node);
        }
        return value.intValue();
    }
}
