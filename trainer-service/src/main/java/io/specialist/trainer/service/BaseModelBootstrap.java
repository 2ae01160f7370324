package io.specialist.trainer.service;

import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Makes sure a base model {@code general@1} comes to exist: with an empty registry it imports the checkpoint
 * given by {@code specialist.trainer.base-model-path}, or queues a pretraining job (visible in
 * {@code GET /v1/jobs}) that the dispatcher runs in the background. Readiness does not wait for it.
 */
@ApplicationScoped
public class BaseModelBootstrap {

    private static final Logger LOG = Logger.getLogger(BaseModelBootstrap.class);

    private final ModelRegistry registry;
    private final TrainerConfig config;
    private final JobService jobs;
    private final ModelPublisher publisher;

    public BaseModelBootstrap(ModelRegistry registry, TrainerConfig config, JobService jobs, ModelPublisher publisher) {
        this.registry = registry;
        this.config = config;
        this.jobs = jobs;
        this.publisher = publisher;
    }

    public void ensureBaseModel() {
        if (registry.base().isPresent()) {
            LOG.infof("base model %s present", registry.base().get().version());
            return;
        }
        if (config.baseModelPath().isPresent()) {
            String path = config.baseModelPath().get();
            var manifest = publisher.importBase(java.nio.file.Path.of(path));
            LOG.infof("imported base model %s from %s", manifest.version(), path);
            return;
        }
        if (!config.pretrainOnStartup()) {
            LOG.warn("no base model and pretraining on startup is off: fine-tuning jobs wait until general@1 exists");
            return;
        }
        boolean pending = !jobs.search(ModelRegistry.BASE_DOMAIN, "queued", 1).isEmpty()
                || !jobs.search(ModelRegistry.BASE_DOMAIN, "running", 1).isEmpty();
        if (pending) {
            LOG.info("base model general@1 is being prepared by an existing job");
            return;
        }
        TriggerResult result = jobs.trigger(new JobRequest(ModelRegistry.BASE_DOMAIN, JobKind.PRETRAIN,
                JobRequest.SOURCE_STARTUP, Map.of("reason", "empty registry"), null, null));
        LOG.infof("empty registry: pretraining the base model general@1 in the background as job %s "
                + "(follow it with GET /v1/jobs/%s)", result.job().id(), result.job().id());
    }
}
