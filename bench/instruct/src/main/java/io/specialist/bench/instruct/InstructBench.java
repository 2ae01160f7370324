package io.specialist.bench.instruct;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.InstructionExample;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Supervised fine-tuning (model-core's {@code Trainer.trainInstructions}, what an sft job runs) on an instruction
 * set built from FOLDOC: prompt {@code "Define TERM:\n"}, response the entry's definition (whitespace collapsed,
 * at most {@code responseChars} characters cut at a space). One example in five is held out by the SHA-256 of its
 * prompt. Reports, for the base and after each run: held-out response bits/byte given the prompt (the sft gate's
 * measure; prompt bytes not counted), the same without the prompt, the training examples' response bits/byte,
 * general bits/byte (Brown held-out), and the gate's verdict at 2% / 2%. Runs: sft (loss on responses only, replay,
 * L2-SP), sft without replay, and a control that continues pretraining on the same examples as plain text
 * (prompt + response, every token trained).
 */
public final class InstructBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Split(List<InstructionExample> train, List<InstructionExample> heldout) {
    }

    record Row(String run, double heldoutGiven, double heldoutAlone, double trainGiven, double general, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path root = repoRoot();
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());
        Checkpoint base = Checkpoint.read(Path.of(a.get("base")));
        BpeTokenizer tok = base.tokenizer();
        int entries = intArg(a, "entries", 600), steps = intArg(a, "steps", 100);
        int responseChars = intArg(a, "responseChars", 300);
        Split split = definitions(root.resolve("e2e/src/test/resources/corpus/foldoc.ndjson.gz"), entries, responseChars);
        List<String> general = GeneralCorpus.heldOut().subList(0, intArg(a, "generalDocs", 20));
        System.out.printf(Locale.ROOT, "examples: %d train, %d held out; response bytes %d (train), %d (held out)%n",
                split.train().size(), split.heldout().size(), bytes(split.train()), bytes(split.heldout()));

        float replay = (float) dblArg(a, "replay", 0.25);
        float lambda = (float) dblArg(a, "lambda", 0.1);
        TrainingConfig cfg = TrainingConfig.fineTuning(steps, 8, 128, Regularizer.L2SP, lambda, replay)
                .withLearningRate((float) dblArg(a, "lr", 1e-3)).withSeed(17);

        List<Row> rows = new ArrayList<>();
        Row baseRow = measure("base (no training)", base.model(), tok, split, general, 0);
        rows.add(baseRow);
        print(baseRow, baseRow);

        TransformerModel sft = base.model();
        long t0 = System.nanoTime();
        TrainingResult r = Trainer.trainInstructions(sft, tok, split.train(), GeneralCorpus.train(), cfg,
                TrainingListener.NONE, () -> false, null);
        rows.add(measure(String.format(Locale.ROOT, "sft, replay %.2f, L2-SP %.1f", replay, lambda), sft, tok, split,
                general, (System.nanoTime() - t0) / 1e9));
        print(baseRow, rows.get(rows.size() - 1));
        System.out.printf(Locale.ROOT, "  sft: %d steps, final loss %.4f (nats, mean over the trained targets: responses and replay), %.0f tokens/s%n",
                r.stepsCompleted(), r.finalLoss(), r.tokensPerSecond());

        TransformerModel noReplay = base.model();
        t0 = System.nanoTime();
        Trainer.trainInstructions(noReplay, tok, split.train(), GeneralCorpus.train(), cfg.withReplayFraction(0f),
                TrainingListener.NONE, () -> false, null);
        rows.add(measure(String.format(Locale.ROOT, "sft, no replay, L2-SP %.1f", lambda), noReplay, tok, split,
                general, (System.nanoTime() - t0) / 1e9));
        print(baseRow, rows.get(rows.size() - 1));

        TransformerModel cpt = base.model();
        List<String> asText = split.train().stream().map(e -> e.prompt() + e.response()).toList();
        t0 = System.nanoTime();
        Trainer.train(cpt, tok, asText, GeneralCorpus.train(), cfg, TrainingListener.NONE, () -> false);
        rows.add(measure(String.format(Locale.ROOT, "control: continued pretraining on prompt+response, replay %.2f",
                replay), cpt, tok, split, general, (System.nanoTime() - t0) / 1e9));
        print(baseRow, rows.get(rows.size() - 1));

        System.out.println();
        System.out.println("| run | held-out response bpb given prompt | gain vs base | held-out response bpb without prompt"
                + " | train response bpb given prompt | general bpb | general regression | gate (2% / 2%) | training s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            double gain = (baseRow.heldoutGiven() - row.heldoutGiven()) / baseRow.heldoutGiven();
            double regression = (row.general() - baseRow.general()) / baseRow.general();
            String gate = row == baseRow ? "-" : (gain >= 0.02 && regression <= 0.02 ? "accepted" : "rejected");
            System.out.printf(Locale.ROOT, "| %s | %.4f | %+.2f%% | %.4f | %.4f | %.4f | %+.2f%% | %s | %.0f |%n", row.run(),
                    row.heldoutGiven(), 100 * gain, row.heldoutAlone(), row.trainGiven(), row.general(),
                    100 * regression, gate, row.seconds());
        }
        System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
    }

    private static Row measure(String run, TransformerModel model, BpeTokenizer tok, Split split, List<String> general,
            double seconds) {
        List<String> prompts = split.heldout().stream().map(InstructionExample::prompt).toList();
        List<String> responses = split.heldout().stream().map(InstructionExample::response).toList();
        double given = Evaluator.evaluateGiven(model, tok, prompts, responses).bitsPerByte();
        double alone = Evaluator.evaluateGiven(model, tok, Collections.nCopies(responses.size(), ""), responses)
                .bitsPerByte();
        double train = Evaluator.evaluateGiven(model, tok, split.train().stream().map(InstructionExample::prompt).toList(),
                split.train().stream().map(InstructionExample::response).toList()).bitsPerByte();
        return new Row(run, given, alone, train, Evaluator.evaluate(model, tok, general).bitsPerByte(), seconds);
    }

    private static void print(Row base, Row row) {
        System.out.printf(Locale.ROOT, "%-60s held-out given prompt %.4f (%+.2f%%), alone %.4f, train %.4f, general %.4f"
                + " (%+.2f%%), %.0f s, load %s%n", row.run(), row.heldoutGiven(),
                100 * (base.heldoutGiven() - row.heldoutGiven()) / base.heldoutGiven(), row.heldoutAlone(),
                row.trainGiven(), row.general(), 100 * (row.general() - base.general()) / base.general(), row.seconds(),
                loadAverage());
    }

    /** FOLDOC entries as "Define TERM:\n" -> definition pairs, one in five held out by the prompt's SHA-256. */
    static Split definitions(Path file, int max, int responseChars) throws IOException {
        List<InstructionExample> train = new ArrayList<>();
        List<InstructionExample> heldout = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            int seen = 0;
            while ((line = in.readLine()) != null && seen < max) {
                if (line.isBlank()) {
                    continue;
                }
                seen++;
                JsonNode entry = JSON.readTree(line);
                String text = entry.get("text").asText();
                int newline = text.indexOf('\n');
                if (newline < 1) {
                    continue;
                }
                String term = text.substring(0, newline).trim();
                String definition = text.substring(newline + 1).replaceAll("\\s+", " ").trim();
                if (definition.length() > responseChars) {
                    int cut = definition.lastIndexOf(' ', responseChars);
                    definition = definition.substring(0, cut > 0 ? cut : responseChars);
                }
                if (definition.isEmpty()) {
                    continue;
                }
                InstructionExample example = new InstructionExample("Define " + term + ":\n", definition);
                (heldOut(example.prompt()) ? heldout : train).add(example);
            }
        }
        return new Split(train, heldout);
    }

    private static boolean heldOut(String prompt) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return (sha[0] & 0xff) % 5 == 0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long bytes(List<InstructionExample> examples) {
        return examples.stream().mapToLong(e -> e.response().getBytes(StandardCharsets.UTF_8).length).sum();
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("e2e/src/test/resources/corpus"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository (e2e/src/test/resources/corpus not found)");
        }
        return dir;
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
