package io.specialist.trainer.runner;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.specialist.trainer.config.PlatformConfig;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.service.JobCompletion;
import io.specialist.trainer.service.JobSignals;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs each training job as a batch/v1 Job in the cluster. The Job runs the trainer image's training entry
 * point ({@code train-job}), which pulls its spec, data and parent model over HTTP and pushes back
 * progress, the candidate and the outcome. This runner watches Jobs and their pods with informers and
 * turns a failed Job or a pod that can never start into a failed training job with the pod's reason.
 */
@ApplicationScoped
public class KubernetesJobRunner implements JobRunner {

    public static final String NAME = "kubernetes";
    private static final Logger LOG = Logger.getLogger(KubernetesJobRunner.class);
    private static final long RESYNC_MILLIS = 30_000;

    private final Instance<KubernetesClient> clients;
    private final TrainerConfig config;
    private final PlatformConfig platform;
    private final JobCompletion completion;
    /** Training job id -> Kubernetes Job name, for the jobs this replica watches. */
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private KubernetesClient client;
    private String namespace;
    private SharedIndexInformer<Job> jobInformer;
    private SharedIndexInformer<Pod> podInformer;

    public KubernetesJobRunner(Instance<KubernetesClient> clients, TrainerConfig config, PlatformConfig platform,
            JobCompletion completion, JobSignals signals) {
        this.clients = clients;
        this.config = config;
        this.platform = platform;
        this.completion = completion;
        signals.onCancel(this::cancel);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int freeSlots() {
        return Math.max(0, config.kubernetes().maxConcurrentJobs() - active.size());
    }

    /** Starts the informers; until then nothing touches the cluster (the in-process default never does). */
    @Override
    public synchronized void activate() {
        if (jobInformer != null) {
            return;
        }
        client = clients.get();
        namespace = config.kubernetes().namespace().orElse(client.getNamespace());
        jobInformer = client.batch().v1().jobs().inNamespace(namespace)
                .withLabel(KubernetesJobSpecs.LABEL_MANAGED_BY, KubernetesJobSpecs.MANAGED_BY)
                .inform(new Handler<>(this::reconcile, this::jobDeleted), RESYNC_MILLIS);
        podInformer = client.pods().inNamespace(namespace)
                .withLabel(KubernetesJobSpecs.LABEL_MANAGED_BY, KubernetesJobSpecs.MANAGED_BY)
                .inform(new Handler<>(this::podChanged, pod -> { }), RESYNC_MILLIS);
        LOG.infof("kubernetes runner watching training Jobs in namespace %s (image %s)", namespace,
                config.kubernetes().image());
    }

    @Override
    public String start(JobSpec spec) {
        activate();
        String trainerUrl = platform.trainerUrl();
        Job job = KubernetesJobSpecs.build(spec, config.kubernetes(), namespace, trainerUrl, platform.ingestUrl(),
                owner());
        String name = job.getMetadata().getName();
        active.put(spec.jobId(), name);
        try {
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        } catch (RuntimeException e) {
            active.remove(spec.jobId());
            throw e;
        }
        LOG.infof("job %s: created Kubernetes Job %s/%s", spec.jobId(), namespace, name);
        return name;
    }

    @Override
    public void cancel(String jobId) {
        String name = active.get(jobId);
        if (name == null || client == null) {
            return;
        }
        ended.add(jobId);
        delete(name);
        active.remove(jobId);
        completion.fail(jobId, "cancelled by an admin request while running (Kubernetes Job " + name + " deleted)");
    }

    /** Re-attaches to Jobs of a previous instance; fails those whose Kubernetes Job is gone. */
    @Override
    public void resume(List<RunningJob> jobs) {
        activate();
        for (RunningJob job : jobs) {
            Job k8s = job.runnerRef() == null ? null
                    : client.batch().v1().jobs().inNamespace(namespace).withName(job.runnerRef()).get();
            if (k8s == null) {
                completion.fail(job.jobId(), "its Kubernetes Job " + job.runnerRef() + " no longer exists in namespace "
                        + namespace + " (deleted, or expired by ttlSecondsAfterFinished) and it pushed no result");
                continue;
            }
            active.put(job.jobId(), job.runnerRef());
            reconcile(k8s);
        }
    }

    private void podChanged(Pod pod) {
        String jobId = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(KubernetesJobSpecs.LABEL_JOB_ID);
        String name = jobId == null ? null : active.get(jobId);
        if (name != null && jobInformer != null) {
            Job job = jobInformer.getStore().getByKey(namespace + "/" + name);
            if (job != null) {
                reconcile(job);
            }
        }
    }

    /** Maps the Job's current status onto the training job. */
    void reconcile(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        String jobId = labels == null ? null : labels.get(KubernetesJobSpecs.LABEL_JOB_ID);
        if (jobId == null || ended.contains(jobId)) {
            return;
        }
        KubernetesJobStatus status = KubernetesJobStatus.of(job, pods(jobId));
        switch (status.phase()) {
            case ACTIVE -> active.putIfAbsent(jobId, job.getMetadata().getName());
            case SUCCEEDED -> {
                // the worker reports its outcome before exiting; a job still running here pushed nothing
                finish(jobId, job, status.reason() + " but its worker pushed no result");
            }
            case FAILED -> {
                finish(jobId, job, status.reason());
                delete(job.getMetadata().getName());
            }
        }
    }

    private void finish(String jobId, Job job, String reason) {
        if (!ended.add(jobId)) {
            return;
        }
        active.remove(jobId);
        completion.fail(jobId, reason);
    }

    private List<Pod> pods(String jobId) {
        if (podInformer == null) {
            return List.of();
        }
        return podInformer.getStore().list().stream()
                .filter(p -> p.getMetadata().getLabels() != null
                        && jobId.equals(p.getMetadata().getLabels().get(KubernetesJobSpecs.LABEL_JOB_ID)))
                .toList();
    }

    private void delete(String name) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (RuntimeException e) {
            LOG.warnf("could not delete Kubernetes Job %s: %s", name, e.getMessage());
        }
    }

    /** The trainer Deployment, so training Jobs are garbage-collected with it; none if not configured or absent. */
    private OwnerReference owner() {
        String name = config.kubernetes().ownerDeployment().orElse(null);
        if (name == null) {
            return null;
        }
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            LOG.warnf("owner Deployment %s not found in %s: training Jobs get no owner reference", name, namespace);
            return null;
        }
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind("Deployment")
                .withName(name).withUid(deployment.getMetadata().getUid())
                .withController(false).withBlockOwnerDeletion(false)
                .build();
    }

    @PreDestroy
    synchronized void stop() {
        if (jobInformer != null) {
            jobInformer.close();
            podInformer.close();
            jobInformer = null;
        }
    }

    /** A Job deleted while its training job still runs (by hand, or by the deadline) fails it. */
    private void jobDeleted(Job job) {
        Map<String, String> labels = job.getMetadata().getLabels();
        String jobId = labels == null ? null : labels.get(KubernetesJobSpecs.LABEL_JOB_ID);
        if (jobId != null && active.containsKey(jobId)) {
            finish(jobId, job, "Kubernetes Job " + job.getMetadata().getName() + " was deleted before its worker "
                    + "pushed a result");
        }
    }

    /** Invokes one callback for adds and updates and another for deletions. */
    private record Handler<T>(java.util.function.Consumer<T> onChange, java.util.function.Consumer<T> onRemove)
            implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            onChange.accept(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            onChange.accept(newObj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            onRemove.accept(obj);
        }
    }
}
