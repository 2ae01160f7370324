package io.specialist.model.cli;

import io.specialist.model.train.BaseModelPretrainer;
import io.specialist.model.train.RetrievalTraining;
import io.specialist.model.train.TrainingConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Pretrains the base model on the bundled general corpus and writes a checkpoint.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CLASSPATH io.specialist.model.cli.Pretrain \
 *      [--out base.ckpt] [--steps 600] [--vocab 1024] [--d-model 128] [--layers 2] [--heads 4]
 *      [--context 256] [--batch 8] [--lr 3e-3] [--seed 42] [--eval-docs 0]
 *      [--retrieval-fraction 0.25] [--retrieval-own 0.5]
 * </pre>
 */
public final class Pretrain {

    private Pretrain() {
    }

    public static void main(String[] args) throws IOException {
        BaseModelPretrainer.Settings d = BaseModelPretrainer.Settings.defaults();
        Path out = Path.of("base.ckpt");
        int steps = d.training().steps(), vocab = d.vocabSize(), dModel = d.dModel(), layers = d.layers();
        int heads = d.heads(), context = d.contextLength(), batch = d.training().batchSize(), evalDocs = d.evalDocuments();
        float lr = d.training().learningRate();
        float retrievalFraction = d.training().retrieval().fraction();
        float retrievalOwn = d.training().retrieval().ownProbability();
        long seed = d.initSeed();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value after " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--out" -> out = Path.of(v);
                    case "--steps" -> steps = Integer.parseInt(v);
                    case "--vocab" -> vocab = Integer.parseInt(v);
                    case "--d-model" -> dModel = Integer.parseInt(v);
                    case "--layers" -> layers = Integer.parseInt(v);
                    case "--heads" -> heads = Integer.parseInt(v);
                    case "--context" -> context = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--lr" -> lr = Float.parseFloat(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--eval-docs" -> evalDocs = Integer.parseInt(v);
                    case "--retrieval-fraction" -> retrievalFraction = Float.parseFloat(v);
                    case "--retrieval-own" -> retrievalOwn = Float.parseFloat(v);
                    default -> fail("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                fail("option " + a + " needs a number, got \"" + v + "\"");
            }
        }
        TrainingConfig t;
        try {
            t = TrainingConfig.pretraining(steps, batch, context).withLearningRate(lr).withSeed(seed)
                    .withRetrieval(RetrievalTraining.of(retrievalFraction, retrievalOwn));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        BaseModelPretrainer.Settings s = new BaseModelPretrainer.Settings(vocab, context, dModel, layers, heads, t,
                d.fisherSequences(), evalDocs, seed);

        long start = System.nanoTime();
        BaseModelPretrainer.Result r = BaseModelPretrainer.pretrain(s, new ProgressBar(System.out), () -> false);
        r.checkpoint().write(out);
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n");
        System.out.printf(Locale.ROOT, "tokenizer      %d ids, trained in %.1f s%n", r.checkpoint().tokenizer().vocabSize(), r.tokenizerSeconds());
        System.out.printf(Locale.ROOT, "model          %s, %,d parameters%n", r.checkpoint().config(), r.checkpoint().params().length);
        System.out.printf(Locale.ROOT, "training       %d steps in %.1f s, %,.0f tokens/s, final loss %.4f nats%n",
                r.training().stepsCompleted(), r.training().wallSeconds(), r.training().tokensPerSecond(), r.training().finalLoss());
        System.out.printf(Locale.ROOT, "held-out       %.4f bits/byte, top-1 accuracy %.3f over %,d tokens%n",
                r.heldOut().bitsPerByte(), r.heldOut().accuracy(), r.heldOut().tokens());
        System.out.printf(Locale.ROOT, "checkpoint     %s (sha256 %s), total %.1f s%n", out.toAbsolutePath(), r.checkpoint().sha256Hex(), total);
    }

    private static void usage() {
        System.out.println("usage: Pretrain [--out base.ckpt] [--steps N] [--vocab V] [--d-model C] [--layers L] [--heads H]"
                + " [--context T] [--batch B] [--lr LR] [--seed S] [--eval-docs N] [--retrieval-fraction F] [--retrieval-own P]");
    }

    private static void fail(String message) {
        System.err.println("Pretrain: " + message);
        usage();
        System.exit(2);
    }
}
