package io.specialist.trainer.pipeline;

/** Receives a job's progress reports (already throttled): the job row, or the trainer over HTTP. */
@FunctionalInterface
public interface ProgressSink {

    void report(Progress progress);
}
