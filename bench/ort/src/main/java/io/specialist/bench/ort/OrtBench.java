package io.specialist.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.GenerationRequest;
import io.specialist.model.ort.GenerationResult;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.OrtRuntime;
import io.specialist.model.ort.OrtSettings;
import io.specialist.model.tokenizer.BpeTokenizer;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * ONNX Runtime timings of exported models (random weights: speed does not depend on them).
 * <ol>
 *   <li>bare forward: {@code session.run} of B x 128 tokens without a cache, outputs not read,
 *       for the product's settings (arena off) and with ORT's arena on;</li>
 *   <li>generation: {@link OrtLanguageModel#generate} tokens/s with the KV cache and with full
 *       recomputation of the window for every token.</li>
 * </ol>
 * Arguments: {@code threads} (intra-op threads, default 2), then optionally which sections to run
 * ({@code forward}, {@code generate}, {@code soak}; default all).
 */
public final class OrtBench {

    record Shape(String name, int dModel, int layers, int heads) {
    }

    static final int VOCAB = 4096;
    static final int CONTEXT = 256;
    static final int SEQ = 128;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        List<String> sections = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("forward", "generate", "soak");
        BpeTokenizer tokenizer = tokenizer();
        System.out.printf("# ORT bench: onnxruntime %s, %d intra-op threads, vocab %d, context %d, %d cores, load average %.1f%n%n",
                OrtRuntime.environment().getVersion(), threads, VOCAB, CONTEXT,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        List<String> forwardRows = new ArrayList<>();
        List<String> generationRows = new ArrayList<>();
        for (Shape s : List.of(new Shape("d128 L2", 128, 2, 4), new Shape("d256 L4", 256, 4, 8))) {
            ModelConfig config = new ModelConfig(VOCAB, CONTEXT, s.dModel(), s.layers(), s.heads());
            byte[] onnx = OnnxExporter.export(config, TransformerModel.initialize(config, 1).params(),
                    tokenizer.toJson(), Map.of());
            for (boolean arena : sections.contains("forward") ? new boolean[] {false, true} : new boolean[0]) {
                OrtSettings settings = new OrtSettings(threads, arena, false, false);
                for (int batch : new int[] {1, 8}) {
                    double[] ms = bareForward(onnx, config, settings, batch, batch == 1 ? 30 : 10);
                    forwardRows.add(String.format("| %s | %d x %d | %s | %.2f | %.2f | %.0f |", s.name(), batch, SEQ,
                            arena ? "on" : "off (default)", ms[0], ms[1], batch * SEQ / (ms[0] / 1000)));
                }
            }
            try (OrtLanguageModel model = OrtLanguageModel.load(onnx, OrtSettings.defaults(threads))) {
                String prompt = "The quick brown fox jumps over the lazy dog. ".repeat(3);
                int promptTokens = tokenizer.encode(prompt).length + 1;
                for (boolean cache : sections.contains("generate") ? new boolean[] {true, false} : new boolean[0]) {
                    generate(model, prompt, 16, cache); // warm-up
                    double[] r = generate(model, prompt, 96, cache);
                    generationRows.add(String.format("| %s | %d | %.0f | %s | %.0f | %.2f |", s.name(), promptTokens,
                            r[0], cache ? "KV cache" : "full recompute", r[0] / r[1], 1000 * r[1] / r[0]));
                }
            }
        }
        System.out.println("## Bare forward (session.run, no cache, outputs not read)");
        System.out.println("| model | batch x tokens | ORT arena | median ms | p90 ms | tokens/s |");
        System.out.println("|---|---|---|---|---|---|");
        forwardRows.forEach(System.out::println);
        System.out.println();
        System.out.println("## Generation through OrtLanguageModel (batch 1, sampled at temperature 1)");
        System.out.println("| model | prompt tokens | generated tokens | mode | tokens/s | ms/token |");
        System.out.println("|---|---|---|---|---|---|");
        generationRows.forEach(System.out::println);
        System.out.println();
        System.out.println("## Hot-swap soak: load, use (score 8 texts + generate 16 tokens), close; d128 L2");
        System.out.println("| ORT arena | cycles | RSS after 10 MB | RSS after all MB | growth per 100 cycles MB | ms per cycle |");
        System.out.println("|---|---|---|---|---|---|");
        ModelConfig soakConfig = new ModelConfig(VOCAB, CONTEXT, 128, 2, 4);
        byte[] soakModel = OnnxExporter.export(soakConfig, TransformerModel.initialize(soakConfig, 2).params(),
                tokenizer.toJson(), Map.of());
        for (boolean arena : sections.contains("soak") ? new boolean[] {false, true} : new boolean[0]) {
            System.out.println(soak(soakModel, new OrtSettings(threads, arena, false, false), 40));
        }
        System.out.printf("%nload average at end %.1f%n", loadAverage());
    }

    /** Median and p90 of {@code iterations} timed runs after warm-up, in ms. */
    static double[] bareForward(byte[] onnx, ModelConfig c, OrtSettings settings, int batch, int iterations)
            throws Exception {
        OrtEnvironment env = OrtRuntime.environment();
        try (OrtSession.SessionOptions options = settings.toSessionOptions();
             OrtSession session = env.createSession(onnx, options)) {
            Random r = new Random(batch);
            long[] ids = new long[batch * SEQ];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(c.vocabSize());
            }
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(OnnxExporter.INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {batch, SEQ}));
            OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0),
                    new long[] {batch, c.heads(), 0, c.headSize()});
            for (int l = 0; l < c.layers(); l++) {
                inputs.put(OnnxExporter.pastKey(l), empty);
                inputs.put(OnnxExporter.pastValue(l), empty);
            }
            try {
                for (int i = 0; i < 5; i++) {
                    session.run(inputs).close();
                }
                double[] ms = new double[iterations];
                for (int i = 0; i < iterations; i++) {
                    long t0 = System.nanoTime();
                    session.run(inputs).close();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                Arrays.sort(ms);
                return new double[] {ms[iterations / 2], ms[(int) Math.ceil(iterations * 0.9) - 1]};
            } finally {
                inputs.get(OnnxExporter.INPUT_IDS).close();
                empty.close();
            }
        }
    }

    /**
     * Generates until {@code tokens} tokens were produced (restarting with new seeds when the model
     * emits end-of-document early). Returns {tokens, seconds}.
     */
    static double[] generate(OrtLanguageModel model, String prompt, int tokens, boolean cache) {
        int produced = 0;
        long nanos = 0;
        for (long seed = 0; produced < tokens; seed++) {
            GenerationRequest req = GenerationRequest.sampled(prompt, tokens - produced, 1.0, 1.0, seed).withKvCache(cache);
            long t0 = System.nanoTime();
            GenerationResult r = model.generate(req);
            nanos += System.nanoTime() - t0;
            produced += r.completionTokens();
        }
        return new double[] {produced, nanos / 1e9};
    }

    static String soak(byte[] onnx, OrtSettings settings, int cycles) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            texts.add("Document " + i + ": the quick brown fox jumps over the lazy dog. ".repeat(i + 1));
        }
        long rss10 = 0;
        long t0 = System.nanoTime();
        for (int c = 1; c <= cycles; c++) {
            try (OrtLanguageModel m = OrtLanguageModel.load(onnx, settings)) {
                m.score(texts);
                m.generate(GenerationRequest.sampled("The quick", 16, 1.0, 1.0, c));
            }
            if (c == 10) {
                System.gc();
                rss10 = rssKb();
            }
        }
        double msPerCycle = (System.nanoTime() - t0) / 1e6 / cycles;
        System.gc();
        long rssEnd = rssKb();
        return String.format("| %s | %d | %.0f | %.0f | %.1f | %.0f |", settings.cpuArena() ? "on" : "off (default)",
                cycles, rss10 / 1024.0, rssEnd / 1024.0, (rssEnd - rss10) / 1024.0 * 100 / (cycles - 10), msPerCycle);
    }

    /** Resident set size of this process in kB (Linux). */
    static long rssKb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return -1;
    }

    /** A tokenizer with exactly VOCAB ids is not needed for timing: the model's vocabulary sets the cost. */
    static BpeTokenizer tokenizer() {
        return BpeTokenizer.train(List.of("The quick brown fox jumps over the lazy dog. A quick brown dog."), 300);
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
