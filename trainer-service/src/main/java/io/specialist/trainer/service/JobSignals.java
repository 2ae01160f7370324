package io.specialist.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * In-process nudges between components (a job was queued or finished, a cancel was requested), so they
 * react at once instead of at their next poll. Only a latency optimisation: every component also polls
 * the database, which is what other replicas see.
 */
@ApplicationScoped
public class JobSignals {

    private final List<Runnable> jobsChanged = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> cancels = new CopyOnWriteArrayList<>();

    public void onJobsChanged(Runnable listener) {
        jobsChanged.add(listener);
    }

    public void onCancel(Consumer<String> listener) {
        cancels.add(listener);
    }

    public void jobsChanged() {
        jobsChanged.forEach(Runnable::run);
    }

    public void cancelRequested(String jobId) {
        cancels.forEach(c -> c.accept(jobId));
    }
}
