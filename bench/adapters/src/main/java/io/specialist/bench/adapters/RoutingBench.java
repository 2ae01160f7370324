package io.specialist.bench.adapters;

import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.OrtLanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Routing accuracy of serving's rule (lowest bits per byte, the base model's score counted
 * {@code 1 - baseMargin} times) for several margins, over the experts {@link AdapterBench} saved
 * ({@code saveAdapters=DIR}) on the same base. Every prompt is scored once by every expert in ONNX Runtime;
 * the margins are then applied to the same scores, so they are compared on identical numbers.
 *
 * <p>Arguments {@code key=value}: base=PATH, adapters=DIR ({@code <domain>.adapter} files), margins=0,0.01,...,
 * docs=200, routeChars=400, routeDocs=40 (as AdapterBench).
 */
public final class RoutingBench {

    private static final String BASE = "general";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        System.out.printf(Locale.ROOT, "load average at start: %s%n", AdapterBench.loadAverage());
        Path root = AdapterBench.repoRoot();
        Checkpoint base = Checkpoint.read(Path.of(a.get("base")));
        int docs = AdapterBench.intArg(a, "docs", 200);
        int routeChars = AdapterBench.intArg(a, "routeChars", 400);
        int routeDocs = AdapterBench.intArg(a, "routeDocs", 40);
        Map<String, List<String>> heldout = new LinkedHashMap<>();
        heldout.put(BASE, GeneralCorpus.heldOut());
        heldout.put("python", AdapterBench.domain("python",
                AdapterBench.corpus(root.resolve("bin/demo/python-docs.ndjson.gz"), docs)).heldout());
        heldout.put("foldoc", AdapterBench.domain("foldoc",
                AdapterBench.corpus(root.resolve("e2e/src/test/resources/corpus/foldoc.ndjson.gz"), docs)).heldout());

        Map<String, OrtLanguageModel> experts = new LinkedHashMap<>();
        experts.put(BASE, load(BASE, base.model(), base));
        for (String domain : List.of("python", "foldoc")) {
            AdapterCheckpoint adapter = AdapterCheckpoint.fromBytes(
                    Files.readAllBytes(Path.of(a.get("adapters")).resolve(domain + ".adapter")));
            experts.put(domain, load(domain, adapter.mergeInto(adapter.base().version(), base.model()), base));
        }

        // scores[i] = bits per byte of prompt i under each expert, with the prompt's true domain
        List<String> truth = new ArrayList<>();
        List<Map<String, Double>> scores = new ArrayList<>();
        for (Map.Entry<String, List<String>> d : heldout.entrySet()) {
            int n = 0;
            for (String doc : d.getValue()) {
                String prompt = doc.length() > routeChars ? doc.substring(0, routeChars) : doc;
                if (n == routeDocs || prompt.isBlank()) {
                    if (n == routeDocs) {
                        break;
                    }
                    continue;
                }
                Map<String, Double> s = new LinkedHashMap<>();
                experts.forEach((name, model) -> s.put(name, model.score(prompt).bitsPerByte()));
                scores.add(s);
                truth.add(d.getKey());
                n++;
            }
        }
        experts.values().forEach(OrtLanguageModel::close);

        System.out.println("| base margin | general | python | foldoc | overall |");
        System.out.println("|---|---|---|---|---|");
        for (String m : a.getOrDefault("margins", "0,0.01,0.02,0.03,0.05").split(",")) {
            double margin = Double.parseDouble(m);
            Map<String, int[]> perDomain = new LinkedHashMap<>(); // {correct, total}
            int correct = 0;
            for (int i = 0; i < scores.size(); i++) {
                String chosen = choose(scores.get(i), margin);
                int[] c = perDomain.computeIfAbsent(truth.get(i), k -> new int[2]);
                c[1]++;
                if (chosen.equals(truth.get(i))) {
                    c[0]++;
                    correct++;
                }
            }
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %.3f |", margin));
            for (int[] c : perDomain.values()) {
                row.append(String.format(Locale.ROOT, " %d/%d |", c[0], c[1]));
            }
            row.append(String.format(Locale.ROOT, " **%.1f%%** (%d/%d) |", 100.0 * correct / scores.size(), correct,
                    scores.size()));
            System.out.println(row);
        }
    }

    /** Serving's rule: the lowest bits per byte, the base model's counted {@code 1 - margin} times. */
    static String choose(Map<String, Double> scores, double margin) {
        String best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Double> s : scores.entrySet()) {
            double adjusted = s.getKey().equals(BASE) ? s.getValue() * (1 - margin) : s.getValue();
            if (adjusted < bestScore) {
                bestScore = adjusted;
                best = s.getKey();
            }
        }
        return best;
    }

    private static OrtLanguageModel load(String domain, TransformerModel model, Checkpoint base) {
        byte[] onnx = OnnxExporter.export(model.config(), model.params(), base.tokenizer().toJson(),
                Map.of(ModelMetadata.VERSION, domain + "@1", ModelMetadata.DOMAIN, domain));
        return OrtLanguageModel.load(onnx, 1);
    }
}
