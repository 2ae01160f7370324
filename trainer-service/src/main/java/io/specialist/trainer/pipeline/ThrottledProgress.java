package io.specialist.trainer.pipeline;

import io.specialist.model.train.BaseModelPretrainer;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Adapts model-core's per-step callbacks to progress reports at most every {@code interval} (plus the last
 * step and every phase change). A failing sink (database or network hiccup) is logged, never allowed to
 * abort the training run.
 */
final class ThrottledProgress implements BaseModelPretrainer.Listener {

    private static final Logger LOG = Logger.getLogger(ThrottledProgress.class);

    private final ProgressSink sink;
    private final long intervalNanos;
    private final String trainingPhase;
    private long last = Long.MIN_VALUE;
    /** The last training report, carried into later phase reports so the job keeps showing how training went. */
    private Progress lastStep;

    ThrottledProgress(ProgressSink sink, Duration interval, String trainingPhase) {
        this.sink = sink;
        this.intervalNanos = interval.toNanos();
        this.trainingPhase = trainingPhase;
    }

    void phase(String phase) {
        if (lastStep == null) {
            send(Progress.phase(phase));
        } else {
            send(new Progress(phase, lastStep.step(), lastStep.steps(), lastStep.loss(), lastStep.tokensPerSecond(),
                    0.0, Instant.now()));
        }
    }

    @Override
    public void onPhase(String phase, String detail) {
        phase(phase.equals("training") ? trainingPhase : phase);
    }

    @Override
    public void onStep(int step, int totalSteps, float loss, float learningRate, double tokensPerSecond,
            double etaSeconds) {
        long now = System.nanoTime();
        if (step != totalSteps && last != Long.MIN_VALUE && now - last < intervalNanos) {
            return;
        }
        last = now;
        lastStep = new Progress(trainingPhase, step, totalSteps, (double) loss, tokensPerSecond, etaSeconds, Instant.now());
        send(lastStep);
    }

    private void send(Progress progress) {
        try {
            sink.report(progress);
        } catch (RuntimeException e) {
            LOG.warnf("progress report failed (training continues): %s", e.getMessage());
        }
    }
}
