package io.specialist.bench.model;

import io.specialist.model.Activations;
import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;
import io.specialist.model.kernel.MatMul;
import io.specialist.model.kernel.Parallel;
import io.specialist.model.train.AdamW;
import io.specialist.model.train.GradientClipping;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Training-step and forward throughput of the Java transformer, matmul GFLOP/s against the
 * single-core Vector-API peak, and the same model and batch trained by PyTorch through DJL.
 *
 * <p>Arguments: [dModel layers heads vocab batch seqLen [steps [skipTorch]]], default 128 2 4 1024 8 128 20.
 */
public final class TrainingBench {

    private TrainingBench() {
    }

    public static void main(String[] args) {
        int d = arg(args, 0, 128), layers = arg(args, 1, 2), heads = arg(args, 2, 4), vocab = arg(args, 3, 1024);
        int b = arg(args, 4, 8), t = arg(args, 5, 128), steps = arg(args, 6, 20);
        boolean torch = args.length < 8 || !args[7].equals("skipTorch");
        ModelConfig config = new ModelConfig(vocab, t, d, layers, heads);
        System.out.printf(Locale.ROOT, "machine: %d cores, %d float lanes (%d-bit vectors), %d worker threads, load average %s%n",
                Runtime.getRuntime().availableProcessors(), MatMul.lanes(), MatMul.lanes() * 32, Parallel.threads(), Timing.load());
        System.out.printf(Locale.ROOT, "model: %s, %,d parameters, batch %dx%d = %d tokens%n%n",
                config, config.layout().size(), b, t, b * t);

        matmul(b * t, d);

        SplittableRandom r = new SplittableRandom(1);
        int[] inputs = new int[b * t], targets = new int[b * t];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = r.nextInt(vocab);
            targets[i] = r.nextInt(vocab);
        }
        TransformerModel model = TransformerModel.initialize(config, 7);
        float[] init = model.params().clone();

        Activations acts = new Activations(config, b, t);
        float[] grads = new float[model.params().length];
        AdamW adam = new AdamW(model.layout());
        float[] javaLoss = new float[1];
        Timing.Result javaStep = Timing.measure(3, steps, () -> {
            Arrays.fill(grads, 0f);
            javaLoss[0] = model.forward(acts, inputs, targets);
            model.backward(acts, grads);
            GradientClipping.clip(grads, 1f);
            adam.update(model.params(), grads, 1e-3f, 0.01f);
        });
        Timing.Result javaForward = Timing.measure(3, steps, () -> model.logits(inputs, b, t));
        report("java   ", javaStep, javaForward, b * t, javaLoss[0]);

        if (torch) {
            try (TorchGpt gpt = new TorchGpt(config, init)) {
                float[] torchLoss = new float[1];
                Timing.Result torchStep = Timing.measure(3, steps,
                        () -> torchLoss[0] = gpt.step(inputs, targets, b, t, 1e-3f, 0.01f));
                Timing.Result torchForward = Timing.measure(3, steps, () -> gpt.infer(inputs, b, t));
                report("pytorch", torchStep, torchForward, b * t, torchLoss[0]);
                System.out.printf(Locale.ROOT, "%njava/pytorch step time (median): %.2f%n", javaStep.medianMs() / torchStep.medianMs());
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", Timing.load());
    }

    private static void report(String who, Timing.Result step, Timing.Result forward, int tokens, float loss) {
        System.out.printf(Locale.ROOT,
                "%s train step: median %6.1f ms (best %6.1f, %6.1f CPU-ms) = %,7.0f tokens/s | forward: median %6.1f ms (best %6.1f, %6.1f CPU-ms) = %,7.0f tokens/s | loss %.4f%n",
                who, step.medianMs(), step.minMs(), step.cpuMsPerRun(), tokens / step.medianMs() * 1000,
                forward.medianMs(), forward.minMs(), forward.cpuMsPerRun(), tokens / forward.medianMs() * 1000, loss);
    }

    /** GFLOP/s of the matmul kernel on the model's three linear-layer shapes vs the register-only FMA peak. */
    private static void matmul(int rows, int d) {
        double peak = fmaPeak();
        System.out.printf(Locale.ROOT, "single-core Vector-API FMA peak (registers only): %.1f GFLOP/s%n", peak);
        SplittableRandom r = new SplittableRandom(3);
        // {M, N, K, A transposed?}: the forward of fc, the forward of fcproj, and fc's weight gradient
        // (A = doutᵀ read in place with unit row stride, as matmulBackward does).
        int[][] shapes = {{rows, 4 * d, d, 0}, {rows, d, 4 * d, 0}, {4 * d, d, rows, 1}};
        String[] names = {"fc forward   (BT x 4C x C)", "fcproj fwd   (BT x C x 4C)", "weight grad  (4C x C x BT)"};
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
            int aRs = shapes[s][3] == 1 ? 1 : k, aCs = shapes[s][3] == 1 ? m : 1;
            float[] a = new float[m * k], bm = new float[k * n], c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble();
            }
            for (int i = 0; i < bm.length; i++) {
                bm[i] = (float) r.nextDouble();
            }
            double flops = 2.0 * m * n * k;
            Timing.Result one = Timing.measure(5, 20, () ->
                    MatMul.gemmRows(0, m, n, k, a, 0, aRs, aCs, bm, 0, n, c, 0, n, MatMul.Init.ZERO, null, 0));
            Timing.Result all = Timing.measure(5, 20, () ->
                    MatMul.gemm(m, n, k, a, 0, aRs, aCs, bm, 0, n, c, 0, n, MatMul.Init.ZERO, null, 0));
            System.out.printf(Locale.ROOT, "matmul %s %4dx%4dx%4d: 1 thread %6.1f GFLOP/s (%2.0f%% of peak), %d threads %6.1f GFLOP/s%n",
                    names[s], m, n, k, flops / one.medianMs() / 1e6, 100 * flops / one.medianMs() / 1e6 / peak,
                    Parallel.threads(), flops / all.medianMs() / 1e6);
        }
        System.out.println();
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** 12 independent FMA chains in registers: what one core can do at best. */
    private static double fmaPeak() {
        double best = 0;
        for (int rep = 0; rep < 7; rep++) {
            long iters = 20_000_000L;
            long t0 = System.nanoTime();
            float sink = fmaLoop(iters);
            double s = (System.nanoTime() - t0) / 1e9;
            if (sink == 42f) {
                System.out.print("");
            }
            best = Math.max(best, iters * 12.0 * S.length() * 2 / s / 1e9);
        }
        return best;
    }

    private static float fmaLoop(long iters) {
        FloatVector x = FloatVector.broadcast(S, 0.999f), y = FloatVector.broadcast(S, 0.001f);
        FloatVector a0 = x, a1 = y, a2 = x, a3 = y, a4 = x, a5 = y, a6 = x, a7 = y, a8 = x, a9 = y, a10 = x, a11 = y;
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }
}
