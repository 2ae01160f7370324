package io.specialist.model.cli;

import io.specialist.model.train.BaseModelPretrainer;

import java.io.PrintStream;
import java.util.Locale;

/** One console line redrawn in place: bar, step, loss, learning rate, tokens/s and ETA. */
final class ProgressBar implements BaseModelPretrainer.Listener {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private long lastDraw;

    ProgressBar(PrintStream out) {
        this.out = out;
        this.interactive = System.console() != null;
    }

    @Override
    public void onPhase(String phase, String detail) {
        out.printf("%n== %s: %s%n", phase, detail);
    }

    @Override
    public void onStep(int step, int totalSteps, float loss, float lr, double tokensPerSecond, double etaSeconds) {
        long now = System.nanoTime();
        boolean last = step == totalSteps;
        // Redraw at most 10 times a second on a terminal; one line every 5% when piped to a log.
        if (interactive ? (now - lastDraw < 100_000_000L && !last)
                : (step % Math.max(1, totalSteps / 20) != 0 && !last)) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * step / totalSteps);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String line = String.format(Locale.ROOT, "[%s] step %d/%d  loss %.4f  lr %.2e  %,.0f tok/s  ETA %s",
                bar, step, totalSteps, loss, lr, tokensPerSecond, clock(etaSeconds));
        if (interactive) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
