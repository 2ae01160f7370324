package io.specialist.serving.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Loads the served models when the service starts (in the background: the HTTP port and the health
 * checks come up even while the trainer is unreachable) and reconciles periodically; retires every
 * session on shutdown.
 */
@ApplicationScoped
public class ModelLifecycle {

    private final SwapManager swaps;
    private final ModelCatalog catalog;
    private final boolean atStartup;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public ModelLifecycle(SwapManager swaps, ModelCatalog catalog, ServingConfig config) {
        this.swaps = swaps;
        this.catalog = catalog;
        this.atStartup = config.serving().reconcileAtStartup();
        this.interval = config.serving().reconcileInterval();
    }

    void onStart(@Observes StartupEvent event) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-reconcile");
            t.setDaemon(true);
            return t;
        });
        if (atStartup) {
            scheduler.execute(swaps::reconcile);
        } else {
            swaps.skipFirstReconcile();
        }
        long millis = interval.toMillis();
        if (millis > 0) {
            scheduler.scheduleWithFixedDelay(swaps::reconcile, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        catalog.retireAll();
    }
}
