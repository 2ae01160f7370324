package io.specialist.model.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.ModelConfig;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.onnx.ScoringHead;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs the exported graph: new tokens after an optional key/value cache (see {@link OnnxExporter}). */
final class OrtForward {

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelConfig config;
    private final boolean scoringHead;

    OrtForward(OrtEnvironment env, OrtSession session, ModelConfig config) throws OrtException {
        this.env = env;
        this.session = session;
        this.config = config;
        this.scoringHead = session.getOutputNames().contains(ScoringHead.TARGET_LOG_PROBS);
    }

    ModelConfig config() {
        return config;
    }

    /** Whether the session has {@link ScoringHead}'s output, so {@link #targetLogProbs} can be used. */
    boolean hasScoringHead() {
        return scoringHead;
    }

    /**
     * Natural-log probability of {@code targets[b, t]} after {@code tokens[b, 0..t]} (batch, length; no
     * cache), computed inside the graph: only batch x length floats leave ONNX Runtime, not the logits.
     */
    float[] targetLogProbs(long[] tokens, long[] targets, int batch, int length) throws OrtException {
        if (!scoringHead) {
            throw new IllegalStateException("the session has no " + ScoringHead.TARGET_LOG_PROBS + " output");
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        long[] shape = {batch, length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens), shape);
             OnnxTensor wanted = OnnxTensor.createTensor(env, LongBuffer.wrap(targets), shape);
             OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                     new long[] {batch, config.heads(), 0, config.headSize()})) {
            inputs.put(OnnxExporter.INPUT_IDS, ids);
            inputs.put(ScoringHead.TARGETS, wanted);
            for (int l = 0; l < config.layers(); l++) {
                inputs.put(OnnxExporter.pastKey(l), empty);
                inputs.put(OnnxExporter.pastValue(l), empty);
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(ScoringHead.TARGET_LOG_PROBS))) {
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
            if (scoringHead) { // a required input of the head; callers of this method ignore its output
                OnnxTensor none = OnnxTensor.createTensor(env, LongBuffer.allocate(batch * length), new long[] {batch, length});
                owned.add(none);
                inputs.put(ScoringHead.TARGETS, none);
            }
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
