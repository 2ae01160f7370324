package io.specialist.bench.preference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.preference.PairEvaluator;
import io.specialist.model.preference.PreferenceConfig;
import io.specialist.model.preference.PreferencePair;
import io.specialist.model.preference.PreferenceTrainer;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.Regularizer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import io.specialist.model.train.TrainingResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * DPO (model-core {@link PreferenceTrainer}, the code a trainer {@code preference} job runs) on pairs built from
 * a public corpus. Each document longer than prompt + response gives one pair: the prompt is its first
 * {@code promptChars} characters (cut at a space), the chosen response the true next {@code responseChars}, and the
 * rejected response either the same span of another document ({@code other}: fluent, on another subject) or the
 * chosen words in a seeded random order ({@code shuffle}: on subject, not fluent). About one document in five
 * (SHA-256 of its title) is held out. Prints held-out pair accuracy and mean margin before and after, and the
 * domain (held-out documents) and general (Brown held-out) bits/byte.
 *
 * <pre>
 * PreferenceBench base=BASE.ckpt corpus=FILE.ndjson.gz [kinds=other,shuffle] [steps=100] [lr=5e-4] [beta=0.1]
 *                 [lambda=0.01] [replay=0.25] [replayWeight=1] [batch=8] [seqLen=128] [promptChars=200]
 *                 [responseChars=80] [generalDocs=10] [docs=600]
 * </pre>
 */
public final class PreferenceBench {

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("arguments are key=value, got '" + a + "'");
            }
            args.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Checkpoint base = Checkpoint.read(Path.of(required(args, "base")));
        List<String[]> docs = read(Path.of(required(args, "corpus")), Integer.parseInt(args.getOrDefault("docs", "600")));
        int promptChars = Integer.parseInt(args.getOrDefault("promptChars", "200"));
        int responseChars = Integer.parseInt(args.getOrDefault("responseChars", "80"));
        int seqLen = Math.min(Integer.parseInt(args.getOrDefault("seqLen", "128")), base.config().contextLength());
        int generalDocs = Integer.parseInt(args.getOrDefault("generalDocs", "10"));
        List<String> general = GeneralCorpus.heldOut().subList(0, generalDocs);
        List<String> domainHeldout = new ArrayList<>();
        for (String[] d : docs) {
            if (heldOut(d[0])) {
                domainHeldout.add(d[1]);
            }
        }
        BpeTokenizer tok = base.tokenizer();
        System.out.printf(Locale.ROOT, "base: %s parameters, context %d; corpus: %d documents, %d held out%n",
                base.params().length, base.config().contextLength(), docs.size(), domainHeldout.size());
        for (String kind : args.getOrDefault("kinds", "other,shuffle").split(",")) {
            List<PreferencePair> train = new ArrayList<>();
            List<PreferencePair> heldout = new ArrayList<>();
            build(docs, kind, promptChars, responseChars, train, heldout);
            TransformerModel model = base.model();
            PairEvaluator.PairScore before = PairEvaluator.evaluate(model, tok, heldout, seqLen);
            PairEvaluator.PairScore trainBefore = PairEvaluator.evaluate(model, tok, train, seqLen);
            double domainBefore = Evaluator.evaluate(model, tok, domainHeldout).bitsPerByte();
            double generalBefore = Evaluator.evaluate(model, tok, general).bitsPerByte();
            int steps = Integer.parseInt(args.getOrDefault("steps", "100"));
            TrainingConfig t = new TrainingConfig(steps, Integer.parseInt(args.getOrDefault("batch", "8")), seqLen,
                    Float.parseFloat(args.getOrDefault("lr", "5e-4")), 0.1f, Math.max(1, steps / 10), 0f, 1f,
                    Float.parseFloat(args.getOrDefault("replay", "0.25")), Regularizer.L2SP,
                    Float.parseFloat(args.getOrDefault("lambda", "0.01")), 17);
            PreferenceConfig cfg = new PreferenceConfig(t, Double.parseDouble(args.getOrDefault("beta", "0.1")),
                    Double.parseDouble(args.getOrDefault("replayWeight", "1")));
            TrainingResult r = PreferenceTrainer.train(model, tok, train, GeneralCorpus.train(), cfg,
                    TrainingListener.NONE, () -> false, null);
            PairEvaluator.PairScore after = PairEvaluator.evaluate(model, tok, heldout, seqLen);
            PairEvaluator.PairScore trainAfter = PairEvaluator.evaluate(model, tok, train, seqLen);
            double domainAfter = Evaluator.evaluate(model, tok, domainHeldout).bitsPerByte();
            double generalAfter = Evaluator.evaluate(model, tok, general).bitsPerByte();
            System.out.printf(Locale.ROOT, "| %s | %d / %d | %d | %.3f -> %.3f | %.2f -> %.2f | %.3f -> %.3f | "
                            + "%.4f -> %.4f (%+.2f%%) | %.4f -> %.4f (%+.2f%%) | %.0f | %.1f |%n",
                    kind, train.size(), heldout.size(), steps, before.accuracy(), after.accuracy(), before.meanMargin(),
                    after.meanMargin(), trainBefore.accuracy(), trainAfter.accuracy(), domainBefore, domainAfter,
                    100 * (domainAfter - domainBefore) / domainBefore, generalBefore, generalAfter,
                    100 * (generalAfter - generalBefore) / generalBefore, r.tokensPerSecond(), r.wallSeconds());
        }
    }

    static void build(List<String[]> docs, String kind, int promptChars, int responseChars,
            List<PreferencePair> train, List<PreferencePair> heldout) {
        List<String[]> usable = docs.stream().filter(d -> d[1].length() >= promptChars + responseChars + 20).toList();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < usable.size(); i++) {
            String[] d = usable.get(i);
            String[] span = span(d[1], promptChars, responseChars);
            String rejected;
            if (kind.equals("other")) {
                String[] o = usable.get((i + 1 + random.nextInt(usable.size() - 1)) % usable.size());
                rejected = span(o[1], promptChars, responseChars)[1];
            } else if (kind.equals("shuffle")) {
                List<String> words = new ArrayList<>(Arrays.asList(span[1].trim().split(" +")));
                for (int k = words.size() - 1; k > 0; k--) {
                    int j = random.nextInt(k + 1);
                    String tmp = words.get(k);
                    words.set(k, words.get(j));
                    words.set(j, tmp);
                }
                rejected = " " + String.join(" ", words);
            } else {
                throw new IllegalArgumentException("kind must be 'other' or 'shuffle', got '" + kind + "'");
            }
            if (rejected.equals(span[1])) {
                continue;
            }
            (heldOut(d[0]) ? heldout : train).add(new PreferencePair(span[0], span[1], rejected));
        }
    }

    /** {prompt, response}: the prompt cut at the last space before promptChars, the response at one after. */
    static String[] span(String text, int promptChars, int responseChars) {
        int cut = text.lastIndexOf(' ', promptChars);
        cut = cut < promptChars / 2 ? promptChars : cut;
        int end = text.lastIndexOf(' ', cut + responseChars);
        end = end <= cut + responseChars / 2 ? cut + responseChars : end;
        return new String[] {text.substring(0, cut), text.substring(cut, Math.min(end, text.length()))};
    }

    static boolean heldOut(String title) throws RuntimeException {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(title.getBytes(StandardCharsets.UTF_8));
            return (h[0] & 0xff) % 5 == 0;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String[]> read(Path file, int max) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && out.size() < max) {
                JsonNode n = json.readTree(line);
                String title = n.path("title").asText(n.path("source").asText(Integer.toString(out.size())));
                out.add(new String[] {title, n.path("text").asText()});
            }
        }
        return out;
    }

    private static String required(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }
}
