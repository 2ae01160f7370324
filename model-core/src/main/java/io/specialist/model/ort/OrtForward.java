package io.specialist.model.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.ModelConfig;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.onnx.ScoringGraph;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the exported graph: new tokens after an optional key/value cache (see {@link OnnxExporter}). */
final class OrtForward {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelConfig config;
    private final OrtSession scoring;

    /** {@code scoring}: the model's {@link ScoringGraph}, or null to score from the logits. */
    OrtForward(OrtEnvironment env, OrtSession session, OrtSession scoring, ModelConfig config) {
        this.env = env;
        this.session = session;
        this.scoring = scoring;
        this.config = config;
    }

    ModelConfig config() {
        return config;
    }

    /** Whether {@link #targetLogProbs} can be used. */
    boolean hasScoringGraph() {
        return scoring != null;
    }

    /**
     * Natural-log probability of {@code targets[i]} at flat position {@code positions[i]} (b * length + t)
     * of {@code tokens} (batch, length; no cache), from the {@link ScoringGraph}: the output head runs
     * on these positions only, and only their floats leave ONNX Runtime.
     */
    float[] targetLogProbs(long[] tokens, int batch, int length, long[] positions, long[] targets) throws OrtException {
        if (scoring == null) {
            throw new IllegalStateException("no scoring graph: score from the logits");
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        long[] scored = {positions.length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {batch, length});
             OnnxTensor where = OnnxTensor.createTensor(env, LongBuffer.wrap(positions), scored);
             OnnxTensor wanted = OnnxTensor.createTensor(env, LongBuffer.wrap(targets), scored);
             OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                     new long[] {batch, config.heads(), 0, config.headSize()})) {
            inputs.put(OnnxExporter.INPUT_IDS, ids);
            inputs.put(ScoringGraph.POSITIONS, where);
            inputs.put(ScoringGraph.TARGETS, wanted);
            for (int l = 0; l < config.layers(); l++) {
                inputs.put(OnnxExporter.pastKey(l), empty);
                inputs.put(OnnxExporter.pastValue(l), empty);
            }
            try (OrtSession.Result result = scoring.run(inputs)) {
                FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] out = new float[fb.remaining()];
                fb.get(out);
                return out;
            }
        }
    }

    /** One call's outputs; owns ONNX Runtime memory (logits and the cache) until closed. */
    static final class Step implements AutoCloseable {
        private final OrtSession.Result result;

        private Step(OrtSession.Result result) {
            this.result = result;
        }

        /** Logits (B, T, V), copied to the heap. */
        float[] logits() {
            FloatBuffer fb = tensor(OnnxExporter.LOGITS).getFloatBuffer();
            float[] out = new float[fb.remaining()];
            fb.get(out);
            return out;
        }

        private OnnxTensor tensor(String name) {
            return (OnnxTensor) result.get(name).orElseThrow();
        }

        @Override
        public void close() {
            result.close();
        }
    }

    /**
     * Runs {@code tokens} (batch, length) after the cache held by {@code past} (null for none: the
     * tokens are then at positions 0..length-1). {@code past} stays open; the caller closes both.
     */
    Step run(long[] tokens, int batch, int length, Step past) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), new long[] {batch, length});
            owned.add(ids);
            inputs.put(OnnxExporter.INPUT_IDS, ids);
            OnnxTensor empty = null;
            for (int l = 0; l < config.layers(); l++) {
                if (past != null) {
                    // The previous call's present_* tensors go straight back in: no copy through Java.
                    inputs.put(OnnxExporter.pastKey(l), past.tensor(OnnxExporter.presentKey(l)));
                    inputs.put(OnnxExporter.pastValue(l), past.tensor(OnnxExporter.presentValue(l)));
                } else {
                    if (empty == null) {
                        empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                                new long[] {batch, config.heads(), 0, config.headSize()});
                        owned.add(empty);
                    }
                    inputs.put(OnnxExporter.pastKey(l), empty);
                    inputs.put(OnnxExporter.pastValue(l), empty);
                }
            }
            return new Step(session.run(inputs));
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }
}
