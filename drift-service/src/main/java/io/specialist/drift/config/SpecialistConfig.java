package io.specialist.drift.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Keys shared by all services ({@code specialist.*} outside {@code specialist.drift}). */
@ConfigMapping(prefix = "specialist")
public interface SpecialistConfig {

    /** Trainer base URL: model registry and artifacts. */
    @WithName("trainer-url")
    @WithDefault("http://localhost:8083")
    String trainerUrl();

    /** Ingest base URL: document texts and held-out documents. */
    @WithName("ingest-url")
    @WithDefault("http://localhost:8081")
    String ingestUrl();

    /** Where local state lives (the H2 database under {@code drift-service/}). */
    @WithDefault("${user.home}/.specialist")
    String home();
}
