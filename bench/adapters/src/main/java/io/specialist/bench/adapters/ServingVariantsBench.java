package io.specialist.bench.adapters;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.model.LoraAdapter;
import io.specialist.model.ModelConfig;
import io.specialist.model.ParameterLayout;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.GenerationRequest;
import io.specialist.model.ort.GenerationResult;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.OrtRuntime;
import io.specialist.model.ort.OrtSettings;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two ways the issue allows serving an adapter, in ONNX Runtime: the adapter merged into the base weights
 * (what serving does) against base + adapter in one graph ({@link OnnxExporter#exportUnmerged}: two extra small
 * Gemms per adapted matrix).
 *
 * <p>{@code mode=latency} (default): artifact bytes, agreement of the two graphs (bits per byte on held-out
 * text), session load time (serving's {@link OrtLanguageModel}: generation and scoring session), scoring
 * latency of a prompt and generation latency per token, the two variants alternating so that load changes hit
 * both alike.
 *
 * <p>{@code mode=memory variant=merged|merged-noprepack|unmerged|shared|shared-noprepack} (one JVM per variant):
 * resident-set growth per additional ONNX Runtime session of the generation graph, {@code sessions} of them, each
 * run once, then the p50 of 40 forward passes of 1 and of 32 new tokens (no cache) on the last one.
 * {@code shared} hands ORT the base weights as user-owned initializers ({@code SessionOptions.addInitializer},
 * the only weight sharing the Java API offers), the same tensors for every session, so that only the adapter
 * and the session state would be per domain; {@code shared-noprepack} also turns off ORT's weight pre-packing,
 * which otherwise copies constant Gemm weights into each session.
 *
 * <p>Arguments {@code key=value}: base=PATH, adapter=PATH (an AdapterCheckpoint of that base, e.g. from
 * {@code AdapterBench saveAdapters=DIR}), reps=15, genTokens=32, promptChars=400, sessions=4.
 */
public final class ServingVariantsBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Checkpoint base = Checkpoint.read(Path.of(a.get("base")));
        TransformerModel baseModel = base.model();
        BpeTokenizer tok = base.tokenizer();
        LoraAdapter adapter = AdapterCheckpoint.read(Path.of(a.get("adapter"))).adapterFor("general@1", baseModel);
        Map<String, String> meta = Map.of(ModelMetadata.VERSION, "bench@1", ModelMetadata.DOMAIN, "bench");
        ModelConfig cfg = base.config();
        byte[] merged = OnnxExporter.export(cfg, adapter.mergeInto(baseModel).params(), tok.toJson(), meta);
        byte[] unmerged = OnnxExporter.exportUnmerged(cfg, baseModel.params(), adapter, tok.toJson(), meta);
        System.out.printf(Locale.ROOT, "load average at start: %s%nadapter %s, %,d parameters%n", AdapterBench.loadAverage(),
                adapter.config(), adapter.params().length);
        if ("memory".equals(a.get("mode"))) {
            memory(a.getOrDefault("variant", "merged"), merged, unmerged, baseModel, AdapterBench.intArg(a, "sessions", 4));
        } else {
            latency(merged, unmerged, AdapterBench.intArg(a, "reps", 15), AdapterBench.intArg(a, "genTokens", 32), AdapterBench.intArg(a, "promptChars", 400));
        }
        System.out.printf(Locale.ROOT, "load average at end: %s%n", AdapterBench.loadAverage());
    }

    private static void latency(byte[] merged, byte[] unmerged, int reps, int genTokens, int promptChars) {
        System.out.printf(Locale.ROOT, "artifact bytes: merged %,d, base + adapter in one graph %,d%n", merged.length,
                unmerged.length);
        List<String> heldout = GeneralCorpus.heldOut().subList(0, 10);
        String prompt = heldout.get(0).substring(0, Math.min(promptChars, heldout.get(0).length()));
        OrtLanguageModel.load(merged, 1).close(); // ORT's native start-up is paid once, outside the figures
        Map<String, byte[]> variants = new LinkedHashMap<>();
        variants.put("merged", merged);
        variants.put("one graph", unmerged);
        Map<String, List<Double>> load = new LinkedHashMap<>(), score = new LinkedHashMap<>(),
                perToken = new LinkedHashMap<>();
        Map<String, OrtLanguageModel> models = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            for (Map.Entry<String, byte[]> v : variants.entrySet()) {
                long t0 = System.nanoTime();
                OrtLanguageModel m = OrtLanguageModel.load(v.getValue(), 1);
                load.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                OrtLanguageModel old = models.put(v.getKey(), m);
                if (old != null) {
                    old.close();
                }
            }
        }
        for (Map.Entry<String, OrtLanguageModel> m : models.entrySet()) {
            double bpb = io.specialist.model.ort.ScoreResult.total(m.getValue().score(heldout)).bitsPerByte();
            System.out.printf(Locale.ROOT, "%s: 10 Brown held-out documents %.6f bits/byte%n", m.getKey(), bpb);
            m.getValue().score(prompt); // warm-up
            m.getValue().generate(GenerationRequest.greedy("The ", 4));
        }
        for (int i = 0; i < reps; i++) {
            for (Map.Entry<String, OrtLanguageModel> m : models.entrySet()) {
                long t0 = System.nanoTime();
                m.getValue().score(prompt);
                score.computeIfAbsent(m.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
                t0 = System.nanoTime();
                GenerationResult g = m.getValue().generate(GenerationRequest.greedy("The ", genTokens));
                perToken.computeIfAbsent(m.getKey(), k -> new ArrayList<>())
                        .add((System.nanoTime() - t0) / 1e6 / Math.max(1, g.completionTokens()));
            }
        }
        System.out.printf(Locale.ROOT, "%n| variant | artifact bytes | load ms (p50 of 5) | scoring %d chars, ms (p50 / p90 of %d)"
                + " | generation ms/token (p50 / p90 of %d, %d tokens) |%n", prompt.length(), reps, reps, genTokens);
        System.out.println("|---|---|---|---|---|");
        for (String v : variants.keySet()) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.1f / %.1f | %.2f / %.2f |%n", v, variants.get(v).length,
                    pct(load.get(v), 0.5), pct(score.get(v), 0.5), pct(score.get(v), 0.9), pct(perToken.get(v), 0.5),
                    pct(perToken.get(v), 0.9));
        }
        models.values().forEach(OrtLanguageModel::close);
    }

    /** Resident-set growth per additional generation-graph session of one variant. */
    private static void memory(String variant, byte[] merged, byte[] unmerged, TransformerModel base, int sessions)
            throws OrtException {
        OrtEnvironment env = OrtRuntime.environment();
        ModelConfig c = base.config();
        Map<String, OnnxTensor> shared = variant.startsWith("shared") ? baseInitializers(env, base) : Map.of();
        byte[] graph = variant.startsWith("merged") ? merged : unmerged;
        List<OrtSession> open = new ArrayList<>();
        // One session first, not counted: ORT's native library and thread pools are paid once per process.
        open.add(session(env, graph, shared, variant.endsWith("noprepack")));
        run(env, open.get(0), c, 32);
        long before = rssAfterGc();
        for (int i = 0; i < sessions; i++) {
            OrtSession s = session(env, graph, shared, variant.endsWith("noprepack"));
            run(env, s, c, 32);
            open.add(s);
        }
        long after = rssAfterGc();
        // Forward latency of the last session: 1 new token (a decoding step's work without the cache) and 32.
        Map<Integer, List<Double>> ms = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            for (int tokens : new int[] {1, 32}) {
                long t0 = System.nanoTime();
                run(env, open.get(open.size() - 1), c, tokens);
                ms.computeIfAbsent(tokens, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e6);
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.3f | %.3f |%n", variant, sessions,
                (after - before) / 1048576.0, (after - before) / 1048576.0 / sessions, pct(ms.get(1), 0.5),
                pct(ms.get(32), 0.5));
        for (OrtSession s : open) {
            s.close();
        }
        shared.values().forEach(OnnxTensor::close);
    }

    private static OrtSession session(OrtEnvironment env, byte[] graph, Map<String, OnnxTensor> initializers,
                                      boolean noPrepack) throws OrtException {
        try (OrtSession.SessionOptions o = OrtSettings.defaults(1).toSessionOptions()) {
            for (Map.Entry<String, OnnxTensor> e : initializers.entrySet()) {
                o.addInitializer(e.getKey(), e.getValue());
            }
            if (noPrepack) {
                o.addConfigEntry("session.disable_prepacking", "1");
            }
            return env.createSession(graph, o);
        }
    }

    /** One forward pass of {@code tokens} tokens without a cache (32 first: every buffer the session needs exists). */
    private static void run(OrtEnvironment env, OrtSession s, ModelConfig c, int tokens) throws OrtException {
        long[] ids = new long[tokens];
        Arrays.fill(ids, 65);
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        inputs.put(OnnxExporter.INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length}));
        long[] empty = {1, c.heads(), 0, c.headSize()};
        for (int l = 0; l < c.layers(); l++) {
            inputs.put(OnnxExporter.pastKey(l), OnnxTensor.createTensor(env, FloatBuffer.allocate(0), empty));
            inputs.put(OnnxExporter.pastValue(l), OnnxTensor.createTensor(env, FloatBuffer.allocate(0), empty));
        }
        try (OrtSession.Result r = s.run(inputs)) {
            if (r.size() == 0) {
                throw new IllegalStateException("no outputs");
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The base weights under the exporter's initializer names, in direct buffers ORT reads without copying. */
    private static Map<String, OnnxTensor> baseInitializers(OrtEnvironment env, TransformerModel base)
            throws OrtException {
        Map<String, OnnxTensor> map = new LinkedHashMap<>();
        float[] p = base.params();
        for (ParameterLayout.Tensor t : base.layout().tensors()) {
            int[] shape = t.shape();
            boolean perLayer = shape.length >= 2 && t != base.layout().wte && t != base.layout().wpe;
            int layers = perLayer ? shape[0] : 1;
            long[] dims = Arrays.stream(perLayer ? Arrays.copyOfRange(shape, 1, shape.length) : shape)
                    .asLongStream().toArray();
            int n = t.size() / layers;
            for (int l = 0; l < layers; l++) {
                FloatBuffer buf = ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                buf.put(p, t.offset() + l * n, n).rewind();
                map.put(perLayer ? t.name() + "_" + l : t.name(), OnnxTensor.createTensor(env, buf, dims));
            }
        }
        return map;
    }

    private static double pct(List<Double> xs, double q) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[(int) Math.floor(q * (s.length - 1))];
    }

    private static long rssAfterGc() {
        System.gc();
        try {
            Thread.sleep(200);
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | InterruptedException e) {
            return -1;
        }
        return -1;
    }

}
