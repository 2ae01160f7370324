package io.specialist.drift.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Base URLs of the services drift talks to over HTTP (shared keys, outside {@code specialist.drift}). */
@ConfigMapping(prefix = "specialist")
public interface ServiceUrls {

    /** Trainer base URL: model registry and artifacts. */
    @WithName("trainer-url")
    @WithDefault("http://localhost:8083")
    String trainer();

    /** Ingest base URL: document texts and held-out documents. */
    @WithName("ingest-url")
    @WithDefault("http://localhost:8081")
    String ingest();
}
