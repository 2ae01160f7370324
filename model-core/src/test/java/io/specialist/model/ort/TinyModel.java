package io.specialist.model.ort;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A randomly initialised tiny model, its tokenizer and its ONNX export, for ORT tests. */
record TinyModel(BpeTokenizer tokenizer, TransformerModel model, byte[] onnx) {

    static final String TEXT = """
            The river rose in the night and the town woke to water in the streets. \
            Müller's café on the corner opened anyway; coffee costs 2,50 € — cash only. \
            Engineers measured the flow at the bridge every hour and wrote the numbers down. \
            日本語のテキストも少し含めておく。 Emoji too: 🌊🌧️. \
            """;

    static List<String> corpus() {
        List<String> docs = new ArrayList<>();
        Random r = new Random(7);
        String[] words = TEXT.split(" ");
        for (int d = 0; d < 40; d++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 30; w++) {
                sb.append(words[r.nextInt(words.length)]).append(' ');
            }
            docs.add(sb.toString());
        }
        return docs;
    }

    /** Weights with a larger spread than the GPT-2 initialisation, so that outputs are not all alike. */
    static TinyModel create(int contextLength, int dModel, int layers, int heads, long seed) {
        BpeTokenizer tokenizer = BpeTokenizer.train(corpus(), 320);
        ModelConfig config = new ModelConfig(tokenizer.vocabSize(), contextLength, dModel, layers, heads);
        float[] w = TransformerModel.initialize(config, seed).params();
        Random r = new Random(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] += (float) (r.nextGaussian() * 0.08);
        }
        TransformerModel model = new TransformerModel(config, w);
        byte[] onnx = OnnxExporter.export(config, w, tokenizer.toJson(),
                Map.of(ModelMetadata.VERSION, "tiny@1", ModelMetadata.DOMAIN, "tiny"));
        return new TinyModel(tokenizer, model, onnx);
    }
}
