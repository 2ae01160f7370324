package io.specialist.bench.drift;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.specialist.drift.detector.Calibration;
import io.specialist.drift.detector.DetectorSettings;
import io.specialist.drift.detector.DetectorState;
import io.specialist.drift.detector.DriftDetector;
import io.specialist.drift.detector.ModelContext;
import io.specialist.drift.detector.RarePairs;
import io.specialist.drift.detector.ReferenceProfile;
import io.specialist.drift.detector.ScoredDocument;
import io.specialist.drift.detector.SmoothedBootstrapSampler;
import io.specialist.drift.detector.Standardizer;
import io.specialist.drift.detector.Stats;
import io.specialist.drift.detector.ThresholdCalibrator;
import io.specialist.drift.service.DocumentScorer;
import io.specialist.drift.service.TextToScore;
import io.specialist.model.eval.ScoringWindows;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.OrtRuntime;
import io.specialist.model.ort.OrtSettings;
import io.specialist.model.ort.RefCounted;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.testing.TinyModels;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drift benchmark.
 *
 * <ul>
 *   <li><b>detection</b>: randomised streams of held-out general prose (scores resampled from documents
 *       outside the reference sample) followed by documents of another corpus (Python documentation or
 *       FOLDOC, alternating); reports detection delay (documents after the change point) and false alarms
 *       per 10,000 stable documents, with the detector, reference and calibration the service uses.</li>
 *   <li><b>throughput</b>: documents per second of the service's scorer (tokenization, batched ONNX
 *       Runtime forward, bits per byte, side signals) vs the bare ONNX Runtime forward pass (pre-tokenized
 *       windows, session.run only) on the same documents and threads.</li>
 * </ul>
 */
public final class DriftBench {

    /** The base model the trainer pretrains (BaseModelPretrainer defaults: V 1024, T 128, d 128, L 2, H 4). */
    static final TinyModels.Spec BASE = new TinyModels.Spec(1024, 128, 128, 2, 4, 600, 8, 450, 42);
    static final int THREADS = 2;
    static final int REFERENCE_DOCS = 300;
    static final int MAX_AFTER_CHANGE = 500;

    private DriftBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "all";
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opts.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        TinyModels.Spec spec = "tiny".equals(opts.get("model")) ? TinyModels.DEFAULT : BASE;
        int streams = Integer.parseInt(opts.getOrDefault("streams", "24"));
        int stable = Integer.parseInt(opts.getOrDefault("stable", "10000"));
        Path repo = Path.of(opts.getOrDefault("repo", "../.."));
        long seed = Long.parseLong(opts.getOrDefault("seed", "1000"));

        long t0 = System.nanoTime();
        TinyModels.TinyModel tiny = TinyModels.build(spec);
        System.out.printf(Locale.ROOT, "model %s: %d bytes, ready in %.1f s (trained once, then cached under target/tiny-models)%n",
                spec, tiny.onnx().length, secondsSince(t0));
        if (mode.equals("prepare")) {
            return;
        }
        try (OrtLanguageModel model = OrtLanguageModel.load(tiny.onnx(), THREADS)) {
            RefCounted<OrtLanguageModel> handle = new RefCounted<>(model, e -> { });
            BpeTokenizer tok = model.tokenizer();
            RarePairs pairs = new RarePairs(tok.vocabSize(), tok::tokenBytes);
            // The service's defaults (specialist.drift.scoring.batch-size / max-bytes).
            DocumentScorer scorer = new DocumentScorer(Integer.parseInt(opts.getOrDefault("batch", "16")), 8192);
            if (mode.equals("detection") || mode.equals("all")) {
                detection(scorer, handle, pairs, repo, streams, stable, seed, tiny.sha256());
            }
            if (mode.equals("throughput") || mode.equals("all")) {
                throughput(scorer, handle, pairs, tiny.onnx(), repo);
            }
        }
    }

    // ------------------------------------------------------------------ detection

    private static void detection(DocumentScorer scorer, RefCounted<OrtLanguageModel> handle, RarePairs pairs, Path repo,
            int streams, int stable, long seed, String modelSha) throws java.io.IOException {
        Corpora.Corpus general = Corpora.general();
        List<Corpora.Corpus> shifted = List.of(Corpora.pythonDocs(repo), Corpora.foldoc(repo));
        long t0 = System.nanoTime();
        ScoreCache cache = new ScoreCache(Path.of("target", "scores-" + modelSha.substring(0, 16) + ".tsv"));
        List<ScoredDocument> a = cache.score(scorer, handle, pairs, general);
        List<List<ScoredDocument>> b = new ArrayList<>();
        for (Corpora.Corpus c : shifted) {
            b.add(cache.score(scorer, handle, pairs, c));
        }
        cache.save();
        int docs = a.size() + b.stream().mapToInt(List::size).sum();
        System.out.printf(Locale.ROOT, "%d documents scored (or read from %s) in %.1f s%n", docs, cache.file(),
                secondsSince(t0));
        describe(general.name(), a);
        for (int i = 0; i < shifted.size(); i++) {
            describe(shifted.get(i).name(), b.get(i));
        }

        // Reference: a random sample of the general documents; the rest is the in-distribution pool.
        SplittableRandom split = new SplittableRandom(1);
        List<ScoredDocument> shuffled = shuffle(a, split);
        List<ScoredDocument> reference = shuffled.subList(0, REFERENCE_DOCS);
        List<ScoredDocument> pool = shuffled.subList(REFERENCE_DOCS, shuffled.size());
        double[] refBpb = reference.stream().mapToDouble(ScoredDocument::bitsPerByte).toArray();
        Standardizer standardizer = new Standardizer(Stats.mean(refBpb), Stats.std(refBpb), 4.0);
        long c0 = System.nanoTime();
        Calibration calibration = ThresholdCalibrator.calibrate(new SmoothedBootstrapSampler(refBpb, standardizer),
                0.5, 4.0, 10_000 * 2.0, 4_000_000, 20261125L);
        System.out.printf(Locale.ROOT, "calibration: h=%.3f k=0.5 clip=4 (simulated ARL %.0f docs, target 20000 = 10k x safety 2)"
                + " in %.2f s; reference %d docs mean %.4f std %.4f%n", calibration.threshold(), calibration.estimatedArl(),
                secondsSince(c0), refBpb.length, standardizer.mean(), standardizer.std());
        ReferenceProfile profile = new ReferenceProfile("bench@1", ReferenceProfile.SOURCE_HELDOUT, refBpb.length,
                standardizer.mean(), standardizer.std(), Double.NaN, Double.NaN, calibration);
        ModelContext ctx = new ModelContext("bench@1", true, profile);
        // Cooldown by documents only (no wall clock in a replay): 100 documents, the service default.
        DriftDetector detector = new DriftDetector(new DetectorSettings(50, Duration.ZERO, 100, 100));

        long stableTotal = 0;
        long falseAlarms = 0;
        Map<String, List<Integer>> delays = new HashMap<>();
        Map<String, Integer> missed = new HashMap<>();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int s = 0; s < streams; s++) {
            int which = s % shifted.size();
            String name = shifted.get(which).name();
            SplittableRandom random = new SplittableRandom(seed + s);
            DetectorState state = detector.fresh("bench", ctx);
            int length = stable / 2 + random.nextInt(stable + 1); // stable part: stable/2 .. 1.5 x stable documents
            for (int i = 0; i < length; i++) {
                if (detector.observe(state, ctx, pool.get(random.nextInt(pool.size())), now) != null) {
                    falseAlarms++;
                }
            }
            stableTotal += length;
            List<ScoredDocument> after = shuffle(b.get(which), random);
            int delay = -1;
            for (int j = 0; j < Math.min(MAX_AFTER_CHANGE, after.size()); j++) {
                if (detector.observe(state, ctx, after.get(j), now) != null) {
                    delay = j + 1;
                    break;
                }
            }
            if (delay < 0) {
                missed.merge(name, 1, Integer::sum);
            } else {
                delays.computeIfAbsent(name, k -> new ArrayList<>()).add(delay);
            }
        }
        System.out.printf(Locale.ROOT, "streams: %d (stable part %d..%d documents resampled from %d held-out general"
                + " documents outside the reference; then up to %d documents of the other corpus)%n",
                streams, stable / 2, stable * 3 / 2, pool.size(), MAX_AFTER_CHANGE);
        List<Integer> all = new ArrayList<>();
        for (Corpora.Corpus c : shifted) {
            List<Integer> d = delays.getOrDefault(c.name(), List.of());
            all.addAll(d);
            System.out.printf(Locale.ROOT, "  change to %-12s detected %d/%d, delay median %s, p90 %s, max %s documents%n",
                    c.name(), d.size(), d.size() + missed.getOrDefault(c.name(), 0), percentile(d, 0.5),
                    percentile(d, 0.9), percentile(d, 1.0));
        }
        System.out.printf(Locale.ROOT, "RESULT detection: median delay %s documents over %d streams (p90 %s, max %s);"
                + " false alarms %d in %d stable documents = %.2f per 10,000%n", percentile(all, 0.5), streams,
                percentile(all, 0.9), percentile(all, 1.0), falseAlarms, stableTotal, falseAlarms * 10_000.0 / stableTotal);
        partialDrift(detector, ctx, pool, shifted, b, streams, seed);
    }

    /**
     * A harder change: after the change point only a share of the documents comes from the other corpus
     * (the rest is still general prose), as when a domain slowly takes in new material.
     */
    private static void partialDrift(DriftDetector detector, ModelContext ctx, List<ScoredDocument> pool,
            List<Corpora.Corpus> shifted, List<List<ScoredDocument>> b, int streams, long seed) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (double share : new double[] {0.5, 0.25, 0.1}) {
            List<Integer> delays = new ArrayList<>();
            int missed = 0;
            for (int s = 0; s < streams; s++) {
                SplittableRandom random = new SplittableRandom(seed + 4000 + s);
                List<ScoredDocument> other = b.get(s % shifted.size());
                DetectorState state = detector.fresh("bench", ctx);
                for (int i = 0; i < 500; i++) { // a short stable start; false alarms are measured above
                    detector.observe(state, ctx, pool.get(random.nextInt(pool.size())), now);
                }
                state = detector.fresh("bench", ctx); // start the change from a clean statistic
                int delay = -1;
                for (int j = 0; j < 2000 && delay < 0; j++) {
                    ScoredDocument doc = random.nextDouble() < share ? other.get(random.nextInt(other.size()))
                            : pool.get(random.nextInt(pool.size()));
                    if (detector.observe(state, ctx, doc, now) != null) {
                        delay = j + 1;
                    }
                }
                if (delay < 0) {
                    missed++;
                } else {
                    delays.add(delay);
                }
            }
            System.out.printf(Locale.ROOT, "  partial drift, %2.0f%% of documents from the other corpus: detected %d/%d,"
                    + " delay median %s, p90 %s, max %s documents%n", share * 100, delays.size(), delays.size() + missed,
                    percentile(delays, 0.5), percentile(delays, 0.9), percentile(delays, 1.0));
        }
    }

    private static void describe(String name, List<ScoredDocument> docs) {
        double[] bpb = docs.stream().mapToDouble(ScoredDocument::bitsPerByte).toArray();
        System.out.printf(Locale.ROOT, "  %-14s %4d docs: bits/byte mean %.3f std %.3f, tokens/byte %.3f, rare pairs %.3f%n",
                name, docs.size(), Stats.mean(bpb), Stats.std(bpb),
                Stats.mean(docs.stream().mapToDouble(ScoredDocument::tokensPerByte).toArray()),
                Stats.mean(docs.stream().mapToDouble(ScoredDocument::rarePairShare).toArray()));
    }

    // ------------------------------------------------------------------ throughput

    private static void throughput(DocumentScorer scorer, RefCounted<OrtLanguageModel> handle, RarePairs pairs,
            byte[] onnx, Path repo) throws OrtException {
        List<String> texts = new ArrayList<>();
        texts.addAll(Corpora.general().texts().subList(0, 100));
        texts.addAll(Corpora.pythonDocs(repo).texts().subList(0, 100));
        texts.addAll(Corpora.foldoc(repo).texts().subList(0, 100));
        List<TextToScore> docs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            docs.add(new TextToScore("t" + i, true, texts.get(i)));
        }
        OrtLanguageModel model = handle.acquire().get();
        BareForward bare = new BareForward(onnx, model.tokenizer(), model.config().contextLength(), model.config().layers(),
                model.config().heads(), model.config().headSize(), texts);
        try {
            scorer.score(handle, pairs, docs); // warm-up (and the tokenizer's chunk cache, as in a running service)
            bare.run();
            int rounds = 3;
            double[] scorerWall = new double[rounds];
            double[] bareWall = new double[rounds];
            double[] scorerCpu = new double[rounds];
            double[] bareCpu = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long t = System.nanoTime();
                long c = processCpuNanos();
                bare.run();
                bareWall[round] = texts.size() / secondsSince(t);
                bareCpu[round] = texts.size() / ((processCpuNanos() - c) / 1e9);
                t = System.nanoTime();
                c = processCpuNanos();
                scorer.score(handle, pairs, docs);
                scorerWall[round] = texts.size() / secondsSince(t);
                scorerCpu[round] = texts.size() / ((processCpuNanos() - c) / 1e9);
            }
            System.out.printf(Locale.ROOT, "throughput on %d documents (%d windows, %d input tokens), %d ORT threads, %d"
                    + " alternating rounds: scorer %s docs/s, bare forward %s docs/s (wall clock); per CPU second:"
                    + " scorer %s, bare %s%n", texts.size(), bare.windows(), bare.tokens(), THREADS, rounds,
                    Arrays.toString(round(scorerWall)), Arrays.toString(round(bareWall)),
                    Arrays.toString(round(scorerCpu)), Arrays.toString(round(bareCpu)));
            double s = Stats.median(scorerWall);
            double f = Stats.median(bareWall);
            double sc = Stats.median(scorerCpu);
            double fc = Stats.median(bareCpu);
            System.out.printf(Locale.ROOT, "RESULT throughput: scorer %.1f docs/s = %.2fx bare ONNX Runtime forward (%.1f docs/s),"
                    + " medians; per CPU second %.1f vs %.1f docs = %.2fx%n", s, s / f, f, sc, fc, sc / fc);
        } finally {
            bare.close();
        }
    }

    /** CPU time of the whole process (all threads, including ONNX Runtime's native ones). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The bare ONNX Runtime forward pass over the same scoring windows the scorer builds (same context,
     * stride and batch rows, globally sorted by length so batches pad least): tokens prepared up front,
     * timed part is tensor creation and {@code session.run} only.
     */
    static final class BareForward implements AutoCloseable {
        private static final int ROWS = 8;
        private final OrtEnvironment env = OrtRuntime.environment();
        private final OrtSession session;
        private final List<long[]> batches = new ArrayList<>();
        private final List<int[]> shapes = new ArrayList<>();
        private final int layers;
        private final int heads;
        private final int headSize;
        private int windows;
        private long tokens;

        BareForward(byte[] onnx, BpeTokenizer tok, int context, int layers, int heads, int headSize, List<String> texts)
                throws OrtException {
            try (OrtSession.SessionOptions options = OrtSettings.defaults(THREADS).toSessionOptions()) {
                this.session = env.createSession(onnx, options);
            }
            this.layers = layers;
            this.heads = heads;
            this.headSize = headSize;
            record Job(int[] seq, ScoringWindows.Window w) {
            }
            List<Job> jobs = new ArrayList<>();
            for (String text : texts) {
                int[] ids = tok.encode(text);
                int[] seq = new int[ids.length + 1];
                seq[0] = tok.endOfDocument();
                System.arraycopy(ids, 0, seq, 1, ids.length);
                for (ScoringWindows.Window w : ScoringWindows.windows(seq.length, context)) {
                    jobs.add(new Job(seq, w));
                }
            }
            jobs.sort((x, y) -> Integer.compare(y.w().length(), x.w().length()));
            windows = jobs.size();
            for (int from = 0; from < jobs.size(); from += ROWS) {
                List<Job> batch = jobs.subList(from, Math.min(jobs.size(), from + ROWS));
                int width = batch.get(0).w().length();
                long[] ids = new long[batch.size() * width];
                Arrays.fill(ids, tok.endOfDocument());
                for (int r = 0; r < batch.size(); r++) {
                    Job j = batch.get(r);
                    for (int t = 0; t < j.w().length(); t++) {
                        ids[r * width + t] = j.seq()[j.w().start() + t];
                    }
                }
                batches.add(ids);
                shapes.add(new int[] {batch.size(), width});
                tokens += ids.length;
            }
        }

        int windows() {
            return windows;
        }

        long tokens() {
            return tokens;
        }

        void run() throws OrtException {
            for (int i = 0; i < batches.size(); i++) {
                int rows = shapes.get(i)[0];
                int width = shapes.get(i)[1];
                Map<String, OnnxTensor> inputs = new HashMap<>();
                try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batches.get(i)), new long[] {rows, width});
                     OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {rows, heads, 0, headSize})) {
                    inputs.put(OnnxExporter.INPUT_IDS, ids);
                    for (int l = 0; l < layers; l++) {
                        inputs.put(OnnxExporter.pastKey(l), empty);
                        inputs.put(OnnxExporter.pastValue(l), empty);
                    }
                    try (OrtSession.Result result = session.run(inputs)) {
                        if (result.size() == 0) {
                            throw new IllegalStateException("no outputs");
                        }
                    }
                }
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static <T> List<T> shuffle(List<T> list, SplittableRandom random) {
        List<T> out = new ArrayList<>(list);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = out.get(i);
            out.set(i, out.get(j));
            out.set(j, tmp);
        }
        return out;
    }

    private static String percentile(List<Integer> values, double q) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(Integer::compare);
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return Integer.toString(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
