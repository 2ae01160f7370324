package io.specialist.bench.adapters;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.model.LoraAdapter;
import io.specialist.model.LoraConfig;
import io.specialist.model.LoraTarget;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.BaseFingerprint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.Regularizer;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import io.specialist.model.train.TrainingResult;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Adapter versus full fine-tuning on the same data, from the same base, with model-core's trainer (the code
 * the trainer service's jobs run): trainable parameters, time per optimiser step, domain and general bits
 * per byte, checkpoint size; then the served side in ONNX Runtime (artifact size, session load time,
 * resident-set growth) and bits-per-byte routing over three experts (general = the base, python, foldoc):
 * accuracy on held-out documents of each domain and latency of one routing decision.
 *
 * <p>Arguments {@code key=value}: base=PATH (checkpoint, required), docs=N (per corpus, default 200),
 * steps=N (60), rank=8, alpha=16, fullLr=1e-3, adapterLr=5e-3, lambda=0.1 (L2-SP of the full runs),
 * replay=0.25, generalDocs=10 (Brown held-out documents for the general score), routeChars=400 (prompt
 * length for routing: the first N characters of each held-out document), routeDocs=40 (per domain).
 */
public final class AdapterBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Domain(String name, List<String> train, List<String> heldout) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        Path root = repoRoot();
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        Checkpoint base = Checkpoint.read(Path.of(a.get("base")));
        BpeTokenizer tok = base.tokenizer();
        TransformerModel baseModel = base.model();
        BaseFingerprint fingerprint = BaseFingerprint.of("general@1", baseModel);
        int docs = intArg(a, "docs", 200), steps = intArg(a, "steps", 60);
        List<String> generalEval = GeneralCorpus.heldOut().subList(0, intArg(a, "generalDocs", 10));
        double generalBase = Evaluator.evaluate(baseModel, tok, generalEval).bitsPerByte();
        Set<LoraTarget> targets = a.containsKey("targets")
                ? Arrays.stream(a.get("targets").split(",")).map(LoraTarget::parse).collect(Collectors.toSet())
                : LoraConfig.defaults().targets();
        LoraConfig lora = new LoraConfig(intArg(a, "rank", 8), (float) dblArg(a, "alpha", 16), targets, List.of());
        float replay = (float) dblArg(a, "replay", 0.25);
        float adapterReplay = (float) dblArg(a, "adapterReplay", replay);
        boolean runFull = !a.containsKey("skipFull"), serve = !a.containsKey("skipServe");
        TrainingConfig full = TrainingConfig.fineTuning(steps, 8, 128, Regularizer.L2SP, (float) dblArg(a, "lambda", 0.1),
                replay).withLearningRate((float) dblArg(a, "fullLr", 1e-3)).withSeed(17);
        TrainingConfig adapterCfg = TrainingConfig.fineTuning(steps, 8, 128, Regularizer.NONE, 0f, adapterReplay)
                .withSeed(17);
        String[] adapterLrs = a.getOrDefault("adapterLr", "5e-3").split(",");
        // L2-SP strengths of the adapter runs: the full model's penalty at the merged weights (0 = none).
        String[] adapterLambdas = a.getOrDefault("adapterLambda", "0").split(",");
        System.out.printf(Locale.ROOT, "base %s: %s, %,d parameters; general bpb (%d Brown held-out docs) %.4f%n",
                a.get("base"), base.config(), baseModel.params().length, generalEval.size(), generalBase);
        System.out.printf(Locale.ROOT, "full: %s%nadapter: %s, %s, lr %s, L2-SP lambda %s%n%n", full, lora, adapterCfg,
                String.join(",", adapterLrs), String.join(",", adapterLambdas));

        List<Domain> domains = List.of(
                domain("python", corpus(root.resolve("bin/demo/python-docs.ndjson.gz"), docs)),
                domain("foldoc", corpus(root.resolve("e2e/src/test/resources/corpus/foldoc.ndjson.gz"), docs)));
        System.out.println("| corpus | method | trainable params | ms/step | tokens/s | domain bpb base -> after | domain gain"
                + " | general bpb base -> after | general regression | gate (2%/2%) | checkpoint bytes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        Map<String, TransformerModel> experts = new LinkedHashMap<>();
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        experts.put("general", baseModel);
        for (Domain d : domains) {
            double domainBase = Evaluator.evaluate(baseModel, tok, d.heldout()).bitsPerByte();

            if (runFull) {
                TransformerModel fullModel = baseModel.copy();
                TrainingResult fr = Trainer.train(fullModel, tok, d.train(), GeneralCorpus.train(), full,
                        TrainingListener.NONE, () -> false);
                long fullBytes = Checkpoint.of(fullModel, tok, null, null, Map.of()).toBytes().length;
                row(d, "full", fullModel.params().length, fr, full, domainBase, fullModel, tok, generalEval,
                        generalBase, fullBytes);
            }

            // Several adapter learning rates and penalties may be compared; the last one's expert is served and routed.
            for (String lr : adapterLrs) {
                for (String lambda : adapterLambdas) {
                    float l = Float.parseFloat(lambda);
                    TrainingConfig cfg = adapterCfg.withLearningRate(Float.parseFloat(lr))
                            .withRegularizer(l > 0 ? Regularizer.L2SP : Regularizer.NONE, l);
                    LoraAdapter adapter = LoraAdapter.initialize(base.config(), lora, 17);
                    TrainingResult ar = Trainer.trainAdapter(baseModel, adapter, tok, d.train(), GeneralCorpus.train(),
                            cfg, TrainingListener.NONE, () -> false);
                    TransformerModel merged = adapter.mergeInto(baseModel);
                    long adapterBytes = AdapterCheckpoint.of(adapter, fingerprint, Map.of()).toBytes().length;
                    String method = String.format(Locale.ROOT, "adapter lr %s, L2-SP %s, replay %s, alpha %s, %s", lr,
                            lambda, adapterReplay, lora.alpha(), lora.targetList());
                    row(d, method, adapter.params().length, ar, cfg, domainBase, merged, tok, generalEval,
                            generalBase, adapterBytes);
                    experts.put(d.name(), merged);
                    adapters.put(d.name(), adapter);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nload average after training: %s%n%n", loadAverage());
        if (a.containsKey("saveAdapters")) {
            // The last adapter of each domain, for ServingVariantsBench (merged vs base + adapter in one graph).
            Path dir = Files.createDirectories(Path.of(a.get("saveAdapters")));
            for (Map.Entry<String, LoraAdapter> e : adapters.entrySet()) {
                AdapterCheckpoint.of(e.getValue(), fingerprint, Map.of()).write(dir.resolve(e.getKey() + ".adapter"));
            }
        }
        if (!serve) {
            return;
        }
        serveAndRoute(experts, tok, domains, GeneralCorpus.heldOut(), intArg(a, "routeChars", 400),
                intArg(a, "routeDocs", 40));
        System.out.printf(Locale.ROOT, "%nload average at end: %s%n", loadAverage());
    }

    private static void row(Domain d, String method, int trainable, TrainingResult r, TrainingConfig cfg,
                            double domainBase, TransformerModel model, BpeTokenizer tok, List<String> generalEval,
                            double generalBase, long checkpointBytes) {
        double domainAfter = Evaluator.evaluate(model, tok, d.heldout()).bitsPerByte();
        double generalAfter = Evaluator.evaluate(model, tok, generalEval).bitsPerByte();
        double gain = (domainBase - domainAfter) / domainBase;
        double regression = (generalAfter - generalBase) / generalBase;
        double msPerStep = 1000.0 * cfg.batchSize() * cfg.seqLen() / r.tokensPerSecond();
        System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.0f | %,.0f | %.4f -> %.4f | %+.2f%% | %.4f -> %.4f | %+.2f%% | %s | %,d |%n",
                d.name(), method, trainable, msPerStep, r.tokensPerSecond(), domainBase, domainAfter, 100 * gain,
                generalBase, generalAfter, 100 * regression, gain >= 0.02 && regression <= 0.02 ? "accepted" : "rejected",
                checkpointBytes);
    }

    /** Exports every expert, loads it in ONNX Runtime as serving does, then routes held-out prompts. */
    private static void serveAndRoute(Map<String, TransformerModel> experts, BpeTokenizer tok, List<Domain> domains,
                                      List<String> generalHeldout, int routeChars, int routeDocs) {
        System.out.println("| expert | artifact bytes | session load ms | RSS growth MB |");
        System.out.println("|---|---|---|---|");
        Map<String, OrtLanguageModel> sessions = new LinkedHashMap<>();
        for (Map.Entry<String, TransformerModel> e : experts.entrySet()) {
            TransformerModel m = e.getValue();
            byte[] onnx = OnnxExporter.export(m.config(), m.params(), tok.toJson(),
                    Map.of(ModelMetadata.VERSION, e.getKey() + "@1", ModelMetadata.DOMAIN, e.getKey()));
            System.gc();
            long rss0 = rss();
            long t0 = System.nanoTime();
            OrtLanguageModel session = OrtLanguageModel.load(onnx, 1);
            session.score("warm up the session once before it serves");
            double ms = (System.nanoTime() - t0) / 1e6;
            long rss1 = rss();
            sessions.put(e.getKey(), session);
            System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.1f |%n", e.getKey(), onnx.length, ms,
                    (rss1 - rss0) / 1048576.0);
        }
        Map<String, List<String>> prompts = new LinkedHashMap<>();
        prompts.put("general", generalHeldout);
        domains.forEach(d -> prompts.put(d.name(), d.heldout()));
        System.out.printf(Locale.ROOT, "%nrouting: first %d characters of up to %d held-out documents per domain, "
                + "argmin bits/byte over %s (ONNX Runtime, 1 thread per session, sequential)%n%n", routeChars, routeDocs,
                sessions.keySet());
        System.out.println("| true domain | prompts | routed correctly | accuracy | confused with |");
        System.out.println("|---|---|---|---|---|");
        List<Double> latencies = new ArrayList<>();
        int total = 0, correct = 0;
        for (Map.Entry<String, List<String>> p : prompts.entrySet()) {
            int n = 0, ok = 0;
            Map<String, Integer> confused = new LinkedHashMap<>();
            for (String doc : p.getValue()) {
                if (n == routeDocs) {
                    break;
                }
                String prompt = doc.length() > routeChars ? doc.substring(0, routeChars) : doc;
                if (prompt.isBlank()) {
                    continue;
                }
                long t0 = System.nanoTime();
                String best = null;
                double bestBpb = Double.POSITIVE_INFINITY;
                for (Map.Entry<String, OrtLanguageModel> s : sessions.entrySet()) {
                    double bpb = s.getValue().score(prompt).bitsPerByte();
                    if (bpb < bestBpb) {
                        bestBpb = bpb;
                        best = s.getKey();
                    }
                }
                latencies.add((System.nanoTime() - t0) / 1e6);
                n++;
                if (best.equals(p.getKey())) {
                    ok++;
                } else {
                    confused.merge(best, 1, Integer::sum);
                }
            }
            total += n;
            correct += ok;
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f%% | %s |%n", p.getKey(), n, ok, 100.0 * ok / n,
                    confused.isEmpty() ? "-" : confused.toString());
        }
        double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%noverall accuracy %.1f%% (%d/%d); routing latency per prompt (%d experts): "
                        + "p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", 100.0 * correct / total, correct, total,
                sessions.size(), l[l.length / 2], l[(int) Math.floor(0.95 * (l.length - 1))], l[l.length - 1]);
        sessions.values().forEach(OrtLanguageModel::close);
    }

    /** Deterministic split: a document is held out when the hash of its text is 0 mod 5 (about one in five). */
    static Domain domain(String name, List<String> texts) {
        List<String> train = new ArrayList<>(), heldout = new ArrayList<>();
        for (String t : texts) {
            (Math.floorMod(Arrays.hashCode(t.getBytes(StandardCharsets.UTF_8)), 5) == 0 ? heldout : train).add(t);
        }
        return new Domain(name, train, heldout);
    }

    static List<String> corpus(Path file, int max) throws IOException {
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

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/demo"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (bin/demo not found)");
        }
        return dir;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int intArg(Map<String, String> a, String key, int def) {
        return a.containsKey(key) ? Integer.parseInt(a.get(key)) : def;
    }

    private static double dblArg(Map<String, String> a, String key, double def) {
        return a.containsKey(key) ? Double.parseDouble(a.get(key)) : def;
    }
}
