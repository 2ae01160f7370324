package io.specialist.trainer.runner;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.worker.TrainingJobCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the batch/v1 Job that runs one training job with the training entry point of the trainer image. */
public final class KubernetesJobSpecs {

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_JOB_ID = "specialist.io/job-id";
    public static final String LABEL_DOMAIN = "specialist.io/domain";
    public static final String MANAGED_BY = "specialist-trainer";
    public static final String CONTAINER = "trainer-job";
    public static final String TOKEN_ENV = "SPECIALIST_ADMIN_TOKEN";
    public static final String TMP_VOLUME = "tmp";

    private KubernetesJobSpecs() {
    }

    /** {@code specialist-train-<domain>-<first 8 of job id>}: a DNS-1123 name of at most 63 characters. */
    public static String jobName(JobSpec job) {
        String domain = job.domain().replace('_', '-');
        domain = domain.length() > 36 ? domain.substring(0, 36) : domain;
        domain = domain.replaceAll("-+$", "");
        return "specialist-train-" + domain + "-" + job.jobId().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    }

    public static Map<String, String> labels(JobSpec job) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_NAME, "specialist-training-job");
        labels.put(LABEL_PART_OF, "specialist");
        labels.put(LABEL_COMPONENT, "training");
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        labels.put(LABEL_JOB_ID, job.jobId());
        labels.put(LABEL_DOMAIN, job.domain().replaceAll("[^A-Za-z0-9]+$", ""));
        return labels;
    }

    /** As the chart's service containers: no privilege escalation, no capabilities, read-only image. */
    private static final SecurityContext CONTAINER_SECURITY = new SecurityContextBuilder()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities().withDrop("ALL").endCapabilities()
            .build();

    static PodSecurityContext podSecurity(long user) {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(user)
                .withRunAsGroup(user)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    public static Job build(JobSpec job, TrainerConfig.Kubernetes k8s, String namespace, String trainerUrl,
            String ingestUrl, OwnerReference owner) {
        Map<String, String> labels = labels(job);
        List<String> args = new ArrayList<>(List.of(TrainingJobCommand.NAME,
                "--job-id=" + job.jobId(), "--trainer-url=" + trainerUrl, "--ingest-url=" + ingestUrl));
        EnvVar token = new EnvVarBuilder().withName(TOKEN_ENV)
                .withNewValueFrom().withNewSecretKeyRef()
                .withName(k8s.adminTokenSecret()).withKey(k8s.adminTokenSecretKey())
                .endSecretKeyRef().endValueFrom().build();
        // ONNX Runtime 1.29 starts a telemetry uploader on Linux unless this is set before the JVM starts.
        EnvVar telemetry = new EnvVarBuilder().withName("ORT_DISABLE_TELEMETRY").withValue("1").build();
        List<LocalObjectReference> pullSecrets = k8s.imagePullSecrets().orElse(List.of()).stream()
                .filter(name -> !name.isBlank()).map(LocalObjectReference::new).toList();
        JobBuilder builder = new JobBuilder()
                .withNewMetadata()
                .withName(jobName(job))
                .withNamespace(namespace)
                .withLabels(labels)
                .addToAnnotations("specialist.io/kind", job.kind().wire())
                .addToAnnotations("specialist.io/parent", String.valueOf(job.parentVersion()))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(k8s.backoffLimit())
                .withTtlSecondsAfterFinished(k8s.ttlSecondsAfterFinished())
                .withActiveDeadlineSeconds(k8s.activeDeadlineSeconds())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(k8s.serviceAccount().orElse(null))
                .withImagePullSecrets(pullSecrets)
                .withSecurityContext(podSecurity(k8s.runAsUser()))
                // The root filesystem is read-only: ONNX Runtime and the JVM need a writable java.io.tmpdir.
                .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir()
                .withSizeLimit(new Quantity(k8s.tmpSizeLimit())).endEmptyDir().endVolume()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(k8s.image())
                .withImagePullPolicy(k8s.imagePullPolicy())
                .withCommand(k8s.command())
                .withArgs(args)
                .withEnv(token, telemetry)
                .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
                .withSecurityContext(CONTAINER_SECURITY)
                .withResources(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity(k8s.cpuRequest()))
                        .addToRequests("memory", new Quantity(k8s.memoryRequest()))
                        .addToLimits("cpu", new Quantity(k8s.cpuLimit()))
                        .addToLimits("memory", new Quantity(k8s.memoryLimit()))
                        .build())
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec();
        if (owner != null) {
            builder.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        return builder.build();
    }
}
