package io.specialist.trainer.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.messaging.OutboxRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Startup order: recover jobs of a previous instance, make sure a base model is coming, then start the
 * outbox relay, the dispatcher and the periodic orphan sweep. Work runs off the startup thread so the
 * HTTP endpoints and health checks are up at once.
 */
@ApplicationScoped
public class TrainerLifecycle {

    private static final Logger LOG = Logger.getLogger(TrainerLifecycle.class);

    private final JobRecovery recovery;
    private final BaseModelBootstrap bootstrap;
    private final JobDispatcher dispatcher;
    private final OutboxRelay relay;
    private final RunnerSelector runners;
    private final TrainerConfig config;
    private ScheduledExecutorService sweeper;

    public TrainerLifecycle(JobRecovery recovery, BaseModelBootstrap bootstrap, JobDispatcher dispatcher,
            OutboxRelay relay, RunnerSelector runners, TrainerConfig config) {
        this.recovery = recovery;
        this.bootstrap = bootstrap;
        this.dispatcher = dispatcher;
        this.relay = relay;
        this.runners = runners;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        TrainerConfig.Training t = config.training();
        JobSettingsFactory.checkRetrieval(t.retrievalFraction(), config.pretrain().retrievalFraction(),
                t.retrievalOwnProbability(), t.retrievalK(), t.retrievalPassageChars());
        relay.start();
        runners.active();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "trainer-lifecycle"));
        sweeper.execute(this::startUp);
        long period = config.heartbeatInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private void startUp() {
        try {
            runners.active().activate();
            recovery.atStartup();
        } catch (RuntimeException e) {
            LOG.errorf(e, "recovering jobs of a previous instance failed; the periodic sweep will retry");
        }
        try {
            bootstrap.ensureBaseModel();
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not prepare the base model general@1");
        }
        dispatcher.start();
    }

    private void sweep() {
        try {
            recovery.sweep();
        } catch (RuntimeException e) {
            LOG.warnf("orphaned-job sweep failed: %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        dispatcher.stop();
        relay.stop();
    }
}
