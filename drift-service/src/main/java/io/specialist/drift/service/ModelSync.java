package io.specialist.drift.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.specialist.drift.config.DriftConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At startup, loads the newest model of every domain from the trainer's registry, in the background and
 * retrying until the trainer answers (it may start after drift, or still be pretraining the base model).
 * Later models arrive through {@code models.published}.
 */
@ApplicationScoped
public class ModelSync {

    private static final Logger LOG = Logger.getLogger(ModelSync.class);

    private final DriftConfig config;
    private final ModelService models;
    private volatile boolean synced;
    private volatile Thread thread;

    public ModelSync(DriftConfig config, ModelService models) {
        this.config = config;
        this.models = models;
    }

    void start(@Observes StartupEvent event) {
        if (!config.models().loadOnStart()) {
            synced = true;
            return;
        }
        thread = new Thread(this::syncUntilDone, "drift-model-sync");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Whether the startup load from the registry has completed. */
    public boolean synced() {
        return synced;
    }

    private void syncUntilDone() {
        boolean warned = false;
        while (!synced && !Thread.currentThread().isInterrupted()) {
            try {
                models.syncFromRegistry();
                synced = true;
            } catch (UpstreamException e) {
                if (!warned) {
                    LOG.warnf("cannot read the model registry yet (%s); retrying every %s", e.getMessage(),
                            config.models().retryInterval());
                    warned = true;
                }
                try {
                    Thread.sleep(config.models().retryInterval().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "loading models from the registry failed; retrying in %s", config.models().retryInterval());
                try {
                    Thread.sleep(config.models().retryInterval().toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
