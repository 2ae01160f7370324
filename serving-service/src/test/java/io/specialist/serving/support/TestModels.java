package io.specialist.serving.support;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.testing.TinyModels;
import java.util.List;
import java.util.Map;

/**
 * Real ONNX model artifacts for the tests: the tiny model trained by {@link TinyModels} (cached under
 * target/), relabelled per version, plus untrained and deliberately broken exports of a tiny shape.
 */
public final class TestModels {

    /** Shape of the untrained models: 2 layers, 2 heads, 64-token context. */
    public static final ModelConfig CONFIG = new ModelConfig(320, 64, 32, 2, 2);
    private static final String CORPUS = """
            The court held that the contract was void. The parties agreed to arbitration.
            Serving a model means answering requests while new versions arrive. The model is swapped atomically.
            Language models predict the next token; bits per byte measure how well they know a text.
            """;
    private static final String TOKENIZER = BpeTokenizer.train(List.of(CORPUS, CORPUS), CONFIG.vocabSize()).toJson();

    private TestModels() {
    }

    /**
     * The shared tiny trained model ({@link TinyModels#general()}) labelled {@code version}: same weights,
     * its own metadata and therefore its own sha256.
     */
    public static byte[] onnx(String version) {
        return TinyModels.general().relabel(version, version.substring(0, version.indexOf('@'))).onnx();
    }

    /** An untrained model of {@code version} ({@code domain@N}) with weights drawn from {@code seed}. */
    public static byte[] random(String version, long seed) {
        TransformerModel model = TransformerModel.initialize(CONFIG, seed);
        return export(version, model.params());
    }

    /** A loadable model whose weights are NaN: what a diverged training run would produce. */
    public static byte[] broken(String version) {
        float[] params = new float[CONFIG.layout().size()];
        java.util.Arrays.fill(params, Float.NaN);
        return export(version, params);
    }

    private static byte[] export(String version, float[] params) {
        String domain = version.substring(0, version.indexOf('@'));
        return OnnxExporter.export(CONFIG, params, TOKENIZER, Map.of(
                ModelMetadata.VERSION, version,
                ModelMetadata.DOMAIN, domain));
    }
}
