package io.specialist.serving.support;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.tokenizer.BpeTokenizer;
import java.util.List;
import java.util.Map;

/**
 * Real ONNX model artifacts for the tests: a tiny transformer (random weights from a seed, so every
 * version behaves differently) exported by model-core with its tokenizer and version embedded.
 */
public final class TestModels {

    /** Tiny but complete: 2 layers, 2 heads, 64-token context. */
    public static final ModelConfig CONFIG = new ModelConfig(320, 64, 32, 2, 2);
    private static final String CORPUS = """
            The court held that the contract was void. The parties agreed to arbitration.
            Serving a model means answering requests while new versions arrive. The model is swapped atomically.
            Language models predict the next token; bits per byte measure how well they know a text.
            """;
    private static final String TOKENIZER = BpeTokenizer.train(List.of(CORPUS, CORPUS), CONFIG.vocabSize()).toJson();

    private TestModels() {
    }

    /** The ONNX bytes of {@code version} ({@code domain@N}) with weights drawn from {@code seed}. */
    public static byte[] onnx(String version, long seed) {
        String domain = version.substring(0, version.indexOf('@'));
        TransformerModel model = TransformerModel.initialize(CONFIG, seed);
        return OnnxExporter.export(CONFIG, model.params(), TOKENIZER, Map.of(
                ModelMetadata.VERSION, version,
                ModelMetadata.DOMAIN, domain));
    }
}
