package io.specialist.trainer.service;

import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.runner.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Picks the runner named by {@code specialist.trainer.runner}. */
@ApplicationScoped
public class RunnerSelector {

    private final List<JobRunner> all;
    private final String configured;

    public RunnerSelector(@Any Instance<JobRunner> runners, TrainerConfig config) {
        this.all = runners.stream().toList();
        this.configured = config.runner();
    }

    public JobRunner active() {
        return byName(configured).orElseThrow(() -> new IllegalStateException("specialist.trainer.runner='"
                + configured + "' is not one of " + all.stream().map(JobRunner::name).collect(Collectors.joining(", "))));
    }

    public Optional<JobRunner> byName(String name) {
        return all.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<JobRunner> all() {
        return all;
    }
}
