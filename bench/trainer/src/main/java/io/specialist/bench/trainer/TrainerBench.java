package io.specialist.bench.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.specialist.trainer.pipeline.DataSettings;
import io.specialist.trainer.pipeline.GateSettings;
import io.specialist.trainer.pipeline.IngestClient;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.pipeline.JobOutcome;
import io.specialist.trainer.pipeline.JobResult;
import io.specialist.trainer.pipeline.JobSettings;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.ModelShape;
import io.specialist.trainer.pipeline.TrainingPipeline;
import io.specialist.trainer.pipeline.TrainingSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Service-level training benchmark: runs the trainer's job pipeline exactly as a job runs it (documents paged
 * from an ingest-compatible HTTP endpoint, parent and base checkpoints, re-warmed fine-tune with replay and a
 * regulariser, the two-sided gate) and prints wall time, tokens/s and the gate's numbers.
 *
 * <p>Arguments are {@code key=value}:
 * <pre>
 *   mode=finetune|pretrain   pretrain writes the service's default base model to out=PATH
 *   base=PATH                base checkpoint (parent and base of the fine-tune)
 *   corpus=python|foldoc     python: bin/demo/python-docs.ndjson.gz; foldoc: e2e/.../foldoc.ndjson.gz
 *   docs=N                   first N documents of the corpus (default all)
 *   runs=l2sp:0.25,ewc:0,... regulariser:replay pairs, one fine-tune each (default l2sp:0.25)
 *   steps, batch, seqLen, lr, warmup, lambda, generalDocs   override the service defaults
 * </pre>
 */
public final class TrainerBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path root = repoRoot();
        // the service's defaults (TrainerConfig), overridable
        TrainingSettings defaults = new TrainingSettings(intArg(a, "steps", 200), intArg(a, "batch", 8),
                intArg(a, "seqLen", 128), dblArg(a, "lr", 1e-3), 0.1, intArg(a, "warmup", 20), 0.0, 1.0, 0.25,
                "l2sp", dblArg(a, "lambda", 0.1), 17);
        GateSettings gate = new GateSettings(0.02, 0.02, 1, intArg(a, "generalDocs", 50));
        DataSettings data = new DataSettings(1000, 50_000_000, 5_000_000);
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());

        if ("pretrain".equals(a.getOrDefault("mode", "finetune"))) {
            TrainingSettings pretrain = new TrainingSettings(intArg(a, "steps", 600), 8, 128, 3e-3, 0.1, 30, 0.01, 1.0,
                    0, "none", 0, 1);
            JobSpec spec = new JobSpec("bench-pretrain", "general", JobKind.PRETRAIN, null, null,
                    new JobSettings(pretrain, gate, data, new ModelShape(1024, 128, 128, 2, 4, 32)));
            JobResult result = run(spec, null, v -> {
                throw new IllegalStateException("pretraining reads no checkpoint");
            });
            Path out = Path.of(a.getOrDefault("out", "/tmp/specialist-base.ckpt"));
            Files.write(out, result.candidateCheckpoint());
            System.out.println("wrote " + out + " (" + result.candidateCheckpoint().length + " bytes)");
            return;
        }

        byte[] base = Files.readAllBytes(Path.of(a.getOrDefault("base", "/tmp/specialist-base.ckpt")));
        String corpus = a.getOrDefault("corpus", "python");
        List<String> texts = corpus(root, corpus, intArg(a, "docs", Integer.MAX_VALUE));
        try (NdjsonIngest ingest = new NdjsonIngest(corpus, texts)) {
            System.out.printf(Locale.ROOT, "corpus %s: %d documents (%d train, %d held-out), %,d bytes%n", corpus,
                    texts.size(), ingest.count("train"), ingest.count("heldout"),
                    texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum());
            System.out.printf(Locale.ROOT, "config: %s%n", defaults);
            System.out.println();
            System.out.println("| regulariser | replay | domain bpb before -> after | domain gain | general bpb base -> after"
                    + " | general regression | gate | train wall s | tokens/s | CPU s | job wall s |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (String run : a.getOrDefault("runs", "l2sp:0.25").split(",")) {
                String[] rr = run.split(":");
                TrainingSettings t = new TrainingSettings(defaults.steps(), defaults.batchSize(), defaults.seqLen(),
                        defaults.learningRate(), defaults.minLrFraction(), defaults.warmupSteps(),
                        defaults.weightDecay(), defaults.gradClip(), Double.parseDouble(rr[1]), rr[0],
                        defaults.regularizerStrength(), defaults.seed());
                JobSpec spec = new JobSpec("bench-" + run, corpus, JobKind.FINE_TUNE, "general@1", "general@1",
                        new JobSettings(t, gate, data, null));
                long cpu0 = cpuNanos();
                JobResult result = runWith(spec, ingest.url(), v -> base);
                double cpu = (cpuNanos() - cpu0) / 1e9;
                JobOutcome o = result.outcome();
                Map<String, Double> m = o.metrics();
                System.out.printf(Locale.ROOT, "| %s | %.2f | %.4f -> %.4f | %+.2f%% | %.4f -> %.4f | %+.2f%% | %s | %.1f | %,.0f | %.1f | %.1f |%n",
                        rr[0], t.replayFraction(), m.get("domainBitsPerByteBefore"), m.get("domainBitsPerByteAfter"),
                        100 * m.get("domainGain"), m.get("generalBitsPerByteBefore"), m.get("generalBitsPerByteAfter"),
                        100 * m.get("generalRegression"), o.verdict().wire(), m.get("trainWallSeconds"),
                        m.get("tokensPerSecond"), cpu, m.get("jobWallSeconds"));
            }
        }
        System.out.printf(Locale.ROOT, "%nload average at end: %s%n", loadAverage());
    }

    private static JobResult run(JobSpec spec, String ingestUrl, io.specialist.trainer.pipeline.ModelSource models) {
        return runWith(spec, ingestUrl == null ? "http://127.0.0.1:1" : ingestUrl, models);
    }

    private static JobResult runWith(JobSpec spec, String ingestUrl, io.specialist.trainer.pipeline.ModelSource models) {
        TrainingPipeline pipeline = new TrainingPipeline(new IngestClient(ingestUrl, Duration.ofSeconds(60)), models,
                p -> System.err.printf(Locale.ROOT, "  %s %s/%s loss %s tok/s %s%n", p.phase(), p.step(), p.steps(),
                        p.loss() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.loss()),
                        p.tokensPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.0f", p.tokensPerSecond())),
                Duration.ofSeconds(10));
        return pipeline.run(spec, () -> false);
    }

    private static List<String> corpus(Path root, String name, int max) throws IOException {
        Path file = switch (name) {
            case "python" -> root.resolve("bin/demo/python-docs.ndjson.gz");
            case "foldoc" -> root.resolve("e2e/src/test/resources/corpus/foldoc.ndjson.gz");
            default -> throw new IllegalArgumentException("corpus must be python or foldoc, got " + name);
        };
        List<String> texts = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && texts.size() < max) {
                if (!line.isBlank()) {
                    texts.add(JSON.readTree(line).get("text").asText());
                }
            }
        }
        return texts;
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/demo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (bin/demo not found above " + Path.of("").toAbsolutePath() + ")");
        }
        return dir;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int intArg(Map<String, String> a, String key, int def) {
        return a.containsKey(key) ? Integer.parseInt(a.get(key)) : def;
    }

    private static double dblArg(Map<String, String> a, String key, double def) {
        return a.containsKey(key) ? Double.parseDouble(a.get(key)) : def;
    }
}
