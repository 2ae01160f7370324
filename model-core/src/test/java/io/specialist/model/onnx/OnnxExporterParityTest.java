package io.specialist.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxExporterParityTest {

    static final OrtEnvironment ENV = io.specialist.model.ort.OrtRuntime.environment();

    static float[] randomParams(ModelConfig c, long seed) {
        Random r = new Random(seed);
        float[] w = new float[c.layout().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.1);
        }
        var p = c.layout();
        for (var t : new io.specialist.model.ParameterLayout.Tensor[] {p.ln1w, p.ln2w, p.lnfw}) {
            for (int i = 0; i < t.size(); i++) {
                w[t.offset() + i] += 1f;
            }
        }
        return w;
    }

    record Output(float[] logits, float[][] presentKeys, float[][] presentValues, long[] presentShape) {
    }

    static Output run(OrtSession s, ModelConfig c, int[] tokens, int batch, int seqLen,
                      float[][] pastK, float[][] pastV, int past) throws OrtException {
        Map<String, OnnxTensor> in = new HashMap<>();
        long[] ids = new long[tokens.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens[i];
        }
        try {
            in.put(OnnxExporter.INPUT_IDS, OnnxTensor.createTensor(ENV, LongBuffer.wrap(ids), new long[] {batch, seqLen}));
            long[] pastShape = {batch, c.heads(), past, c.headSize()};
            for (int l = 0; l < c.layers(); l++) {
                float[] k = pastK == null ? new float[0] : pastK[l];
                float[] v = pastV == null ? new float[0] : pastV[l];
                in.put(OnnxExporter.pastKey(l), OnnxTensor.createTensor(ENV, FloatBuffer.wrap(k), pastShape));
                in.put(OnnxExporter.pastValue(l), OnnxTensor.createTensor(ENV, FloatBuffer.wrap(v), pastShape));
            }
            try (OrtSession.Result r = s.run(in)) {
                float[] logits = floats(r.get(OnnxExporter.LOGITS).orElseThrow());
                float[][] pk = new float[c.layers()][], pv = new float[c.layers()][];
                long[] shape = null;
                for (int l = 0; l < c.layers(); l++) {
                    OnnxTensor key = (OnnxTensor) r.get(OnnxExporter.presentKey(l)).orElseThrow();
                    shape = key.getInfo().getShape();
                    pk[l] = floats(key);
                    pv[l] = floats(r.get(OnnxExporter.presentValue(l)).orElseThrow());
                }
                long[] logitsShape = ((OnnxTensor) r.get(OnnxExporter.LOGITS).orElseThrow()).getInfo().getShape();
                assertThat(logitsShape).containsExactly(batch, seqLen, c.vocabSize());
                return new Output(logits, pk, pv, shape);
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    static float[] floats(OnnxValue v) {
        FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
        float[] out = new float[fb.remaining()];
        fb.get(out);
        return out;
    }

    static int[] randomTokens(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    /** ORT against the Java forward pass: 2 configs x batch 1 and 3 x several lengths, two weight scales. */
    @Test
    void logitsMatchTheJavaForwardPass() throws Exception {
        ModelConfig[] configs = {new ModelConfig(300, 40, 32, 2, 4), new ModelConfig(333, 24, 48, 3, 3)};
        double worst = 0;
        for (ModelConfig c : configs) {
            for (float[] w : new float[][] {TransformerModel.initialize(c, 3).params(), randomParams(c, 4)}) {
                TransformerModel model = new TransformerModel(c, w);
                byte[] onnx = OnnxExporter.export(c, w, "{\"tok\":1}", Map.of());
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
                     OrtSession s = ENV.createSession(onnx, o)) {
                    for (int batch : new int[] {1, 3}) {
                        for (int len : new int[] {1, 17, c.contextLength()}) {
                            int[] tokens = randomTokens(batch * len, c.vocabSize(), 31L * batch + len);
                            float[] expected = model.logits(tokens, batch, len);
                            float[] actual = run(s, c, tokens, batch, len, null, null, 0).logits();
                            double d = maxAbsDiff(actual, expected);
                            worst = Math.max(worst, d);
                            assertThat(d).as("%s batch %d len %d", c, batch, len).isLessThan(1e-4);
                        }
                    }
                }
            }
        }
        System.out.printf("ORT vs TransformerModel.logits: max abs diff %.3g%n", worst);
    }

    @Test
    void naiveReferenceMatches() throws Exception {
        ModelConfig c = new ModelConfig(300, 32, 32, 2, 4);
        float[] w = randomParams(c, 1);
        byte[] onnx = OnnxExporter.export(c, w, "{\"tok\":1}", Map.of());
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = ENV.createSession(onnx, o)) {
            for (int[] shape : new int[][] {{1, 1}, {1, 7}, {3, 32}}) {
                int[] tokens = randomTokens(shape[0] * shape[1], c.vocabSize(), 5);
                Output out = run(s, c, tokens, shape[0], shape[1], null, null, 0);
                float[] ref = NaiveForward.logits(c, w, tokens, shape[0], shape[1]);
                double d = maxAbsDiff(out.logits(), ref);
                System.out.printf("shape %dx%d max abs diff %.3g%n", shape[0], shape[1], d);
                assertThat(d).isLessThan(1e-4);
            }
        }
    }

    @Test
    void cachedIncrementalDecodingMatchesFullForward() throws Exception {
        ModelConfig c = new ModelConfig(300, 24, 32, 2, 4);
        float[] w = randomParams(c, 2);
        byte[] onnx = OnnxExporter.export(c, w, "{\"tok\":1}", Map.of());
        int batch = 3, n = 24, prefill = 5;
        int[] tokens = randomTokens(batch * n, c.vocabSize(), 9);
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
             OrtSession s = ENV.createSession(onnx, o)) {
            float[] full = run(s, c, tokens, batch, n, null, null, 0).logits();
            Output step = run(s, c, slice(tokens, batch, n, 0, prefill), batch, prefill, null, null, 0);
            double worst = 0;
            for (int t = prefill; t < n; t++) {
                assertThat(step.presentShape()).containsExactly(batch, c.heads(), t, c.headSize());
                step = run(s, c, slice(tokens, batch, n, t, t + 1), batch, 1, step.presentKeys(), step.presentValues(), t);
                int v = c.vocabSize();
                for (int b = 0; b < batch; b++) {
                    float[] expected = java.util.Arrays.copyOfRange(full, (b * n + t) * v, (b * n + t + 1) * v);
                    float[] actual = java.util.Arrays.copyOfRange(step.logits(), b * v, (b + 1) * v);
                    worst = Math.max(worst, maxAbsDiff(actual, expected));
                }
            }
            System.out.printf("cached vs full max abs diff %.3g%n", worst);
            assertThat(worst).isLessThan(1e-5);
        }
    }

    /** Columns [from, to) of a (batch, n) token matrix. */
    static int[] slice(int[] tokens, int batch, int n, int from, int to) {
        int[] out = new int[batch * (to - from)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(tokens, b * n + from, out, b * (to - from), to - from);
        }
        return out;
    }
}
