package io.specialist.bench.model;

import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.Regularizer;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import io.specialist.model.train.TrainingListener;
import io.specialist.model.train.TrainingResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forgetting table: fine-tune the pretrained base model on a technical corpus (the Python library
 * reference) with NONE, L2-SP and EWC, each without and with replay of general text, and report the
 * domain gain and the general regression in bits per byte on held-out text.
 *
 * <p>Arguments as key=value, defaults: base=base.ckpt steps=150 l2sp=1 ewc=1 replay=0,0.25 evalKiB=96
 * lr=1e-3 only=NONE,L2SP,EWC. A subset (replay=0.25, only=EWC) keeps one run under a few minutes.
 */
public final class ForgettingBench {

    private ForgettingBench() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> opt = new java.util.HashMap<>(java.util.Map.of("base", "base.ckpt", "steps", "150",
                "l2sp", "1", "ewc", "1", "replay", "0,0.25", "evalKiB", "96", "lr", "1e-3", "only", "NONE,L2SP,EWC"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; expected key=value with key in " + opt.keySet());
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Path base = Path.of(opt.get("base"));
        int steps = Integer.parseInt(opt.get("steps"));
        float l2sp = Float.parseFloat(opt.get("l2sp"));
        float ewc = Float.parseFloat(opt.get("ewc"));
        String[] replays = opt.get("replay").split(",");
        int evalKiB = Integer.parseInt(opt.get("evalKiB"));
        float lr = Float.parseFloat(opt.get("lr"));
        List<String> only = List.of(opt.get("only").split(","));

        Checkpoint ckpt = Checkpoint.read(base);
        BpeTokenizer tok = ckpt.tokenizer();
        List<String> python = PythonDocs.load(PythonDocs.DEFAULT_DIR);
        List<String> domainTrain = new ArrayList<>(), domainHeld = new ArrayList<>();
        for (int i = 0; i < python.size(); i++) {
            (i % 10 == 9 ? domainHeld : domainTrain).add(python.get(i));
        }
        List<String> domainEval = budget(domainHeld, evalKiB);
        List<String> generalEval = budget(GeneralCorpus.heldOut(), evalKiB);
        List<String> replayDocs = GeneralCorpus.train();
        System.out.printf(Locale.ROOT, "base %s: %s%n", base, ckpt.config());
        System.out.printf(Locale.ROOT, "domain: Python 3.11 library reference, %d train / %d held-out pages; eval on %d pages (%,d bytes)%n",
                domainTrain.size(), domainHeld.size(), domainEval.size(), bytes(domainEval));
        System.out.printf(Locale.ROOT, "general: Brown held-out, eval on %d documents (%,d bytes); replay from %d Brown training documents%n",
                generalEval.size(), bytes(generalEval), replayDocs.size());
        System.out.printf(Locale.ROOT, "fine-tune: %d steps of %dx%d tokens, lr %.0e (warm-up + cosine), L2-SP λ=%s, EWC λ=%s (Fisher mean 1), replay %s, load average %s%n%n",
                steps, 8, ckpt.config().contextLength(), lr, l2sp, ewc, String.join("/", replays), Timing.load());

        TransformerModel parent = ckpt.model();
        Evaluator.Score d0 = Evaluator.evaluate(parent, tok, domainEval);
        Evaluator.Score g0 = Evaluator.evaluate(parent, tok, generalEval);
        System.out.printf(Locale.ROOT, "base model: domain %.4f bpb, general %.4f bpb%n%n", d0.bitsPerByte(), g0.bitsPerByte());
        System.out.println("| regulariser | replay | domain bpb | domain gain | general bpb | general regression | train s |");
        System.out.println("|---|---|---|---|---|---|---|");

        for (String replayArg : replays) {
            float rep = Float.parseFloat(replayArg);
            for (Regularizer kind : Regularizer.values()) {
                if (!only.contains(kind.name())) {
                    continue;
                }
                float strength = kind == Regularizer.L2SP ? l2sp : kind == Regularizer.EWC ? ewc : 0f;
                TrainingConfig cfg = TrainingConfig.fineTuning(steps, 8, ckpt.config().contextLength(), kind, strength, rep)
                        .withLearningRate(lr);
                TransformerModel child = parent.copy();
                TrainingResult r = Trainer.train(child, tok, domainTrain, replayDocs, cfg, TrainingListener.NONE,
                        () -> false, ckpt.fisher(), null);
                Evaluator.Score d = Evaluator.evaluate(child, tok, domainEval);
                Evaluator.Score g = Evaluator.evaluate(child, tok, generalEval);
                System.out.printf(Locale.ROOT, "| %s | %.0f%% | %.4f | %+.4f | %.4f | %+.4f | %.1f |%n",
                        kind, rep * 100, d.bitsPerByte(), d0.bitsPerByte() - d.bitsPerByte(),
                        g.bitsPerByte(), g.bitsPerByte() - g0.bitsPerByte(), r.wallSeconds());
            }
        }
        System.out.printf(Locale.ROOT, "%ndomain gain = base bpb - fine-tuned bpb on held-out Python pages (higher is better);%n"
                + "general regression = fine-tuned bpb - base bpb on held-out Brown documents (lower is better). load average %s%n", Timing.load());
    }

    /** The first documents up to about {@code kib} KiB. */
    private static List<String> budget(List<String> docs, int kib) {
        List<String> out = new ArrayList<>();
        long total = 0;
        for (String d : docs) {
            if (total >= kib * 1024L) {
                break;
            }
            out.add(d);
            total += d.getBytes(StandardCharsets.UTF_8).length;
        }
        return out;
    }

    private static long bytes(List<String> docs) {
        return docs.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
    }
}
