package io.specialist.model.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Base + unmerged adapter in one graph computes what the merged model computes: logits of both graphs in ONNX
 * Runtime against each other and against the Java forward pass with the adapter. Adapters on two matrices of one
 * of two blocks, so adapted and plain layers sit side by side.
 */
class OnnxExporterUnmergedTest {

    @Test
    void oneGraphEqualsTheMergedModel() throws OrtException {
        ModelConfig c = new ModelConfig(300, 16, 32, 2, 4);
        float[] base = OnnxExporterParityTest.randomParams(c, 5);
        LoraAdapter adapter = LoraAdapter.initialize(c,
                new LoraConfig(4, 8f, EnumSet.of(LoraTarget.QKV, LoraTarget.FCPROJ), List.of(1)), 6);
        Random r = new Random(7);
        for (int i = 0; i < adapter.params().length; i++) {
            adapter.params()[i] += (float) (0.05 * r.nextGaussian()); // B = 0 at init would hide the branch
        }
        TransformerModel merged = adapter.mergeInto(new TransformerModel(c, base));
        byte[] one = OnnxExporter.exportUnmerged(c, base, adapter, "{\"tok\":1}", Map.of());
        byte[] mergedOnnx = OnnxExporter.export(c, merged.params(), "{\"tok\":1}", Map.of());
        assertThat(one.length).isGreaterThan(mergedOnnx.length); // A and B travel as their own initializers

        int[] tokens = new int[2 * 10];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = r.nextInt(c.vocabSize());
        }
        float[] java = new TransformerModel(c, base).logits(tokens, 2, 10, adapter);
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s1 = OnnxExporterParityTest.ENV.createSession(one, o);
             OrtSession s2 = OnnxExporterParityTest.ENV.createSession(mergedOnnx, o)) {
            float[] a = OnnxExporterParityTest.run(s1, c, tokens, 2, 10, null, null, 0).logits();
            float[] b = OnnxExporterParityTest.run(s2, c, tokens, 2, 10, null, null, 0).logits();
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).as("logit %d", i).isCloseTo(b[i], within(1e-4));
                assertThat((double) a[i]).as("logit %d", i).isCloseTo(java[i], within(1e-4));
            }
        }
        float[] plain = new TransformerModel(c, base).logits(tokens, 2, 10);
        double change = 0;
        for (int i = 0; i < plain.length; i++) {
            change = Math.max(change, Math.abs(plain[i] - java[i]));
        }
        assertThat(change).as("the adapter changes the function, so the comparison means something").isGreaterThan(1e-3);
    }
}
