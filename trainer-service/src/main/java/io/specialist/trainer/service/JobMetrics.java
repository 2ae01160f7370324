package io.specialist.trainer.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.specialist.trainer.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Gauges of queued and running jobs, read from the database at scrape time (so they count all replicas). */
@ApplicationScoped
public class JobMetrics {

    private final TrainingJobRepository jobs;

    public JobMetrics(TrainingJobRepository jobs) {
        this.jobs = jobs;
    }

    void register(@Observes StartupEvent event, MeterRegistry meters) {
        for (String state : new String[] {"queued", "running"}) {
            Gauge.builder("specialist_trainer_jobs", () -> count(state))
                    .tag("state", state)
                    .description("training jobs in this state")
                    .register(meters);
        }
    }

    private double count(String state) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> jobs.countInState(state));
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
