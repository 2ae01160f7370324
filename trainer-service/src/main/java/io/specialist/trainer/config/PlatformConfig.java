package io.specialist.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Keys shared by all Specialist services: where state lives, the other services' URLs, the admin token. */
@ConfigMapping(prefix = "specialist")
public interface PlatformConfig {

    /** Root folder of all local state (databases, registry); env SPECIALIST_HOME. */
    @WithDefault("${user.home}/.specialist")
    String home();

    /** Base URL of ingest-service, from which training jobs page documents. */
    @WithDefault("http://localhost:8081")
    String ingestUrl();

    /** Base URL under which this trainer is reachable by other services and by Kubernetes training Jobs. */
    @WithDefault("http://localhost:8083")
    String trainerUrl();

    Admin admin();

    interface Admin {
        /** Bearer token required by admin endpoints (env SPECIALIST_ADMIN_TOKEN); unset means admin calls are refused. */
        Optional<String> token();
    }
}
