package io.specialist.trainer.runner;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a Kubernetes Job and its pods say about a training job: still going, completed, or failed and why.
 * Pod failures become readable reasons (OOMKilled, exit codes, image pull errors); a pod that can never
 * start (bad image, missing secret) fails the job at once instead of waiting for the deadline.
 */
public record KubernetesJobStatus(Phase phase, String reason) {

    public enum Phase { ACTIVE, SUCCEEDED, FAILED }

    /** Waiting reasons that no retry will fix. */
    static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError");

    public static KubernetesJobStatus of(Job job, List<Pod> pods) {
        String name = job.getMetadata().getName();
        JobStatus status = job.getStatus();
        if (status != null && status.getConditions() != null) {
            for (JobCondition condition : status.getConditions()) {
                if (!"True".equals(condition.getStatus())) {
                    continue;
                }
                if ("Failed".equals(condition.getType())) {
                    return new KubernetesJobStatus(Phase.FAILED, "Kubernetes Job " + name + " failed ("
                            + condition.getReason() + (condition.getMessage() == null ? "" : ": " + condition.getMessage())
                            + ")" + podDetail(pods));
                }
                if ("Complete".equals(condition.getType()) || "SuccessCriteriaMet".equals(condition.getType())) {
                    return new KubernetesJobStatus(Phase.SUCCEEDED, "Kubernetes Job " + name + " completed");
                }
            }
        }
        Integer backoff = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
        if (status != null && status.getFailed() != null && backoff != null && status.getFailed() > backoff) {
            return new KubernetesJobStatus(Phase.FAILED, "Kubernetes Job " + name + " failed " + status.getFailed()
                    + " pod(s), more than its backoffLimit " + backoff + podDetail(pods));
        }
        if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
            return new KubernetesJobStatus(Phase.SUCCEEDED, "Kubernetes Job " + name + " completed");
        }
        for (Pod pod : pods) {
            for (ContainerStatus container : containers(pod)) {
                ContainerStateWaiting waiting = container.getState() == null ? null : container.getState().getWaiting();
                if (waiting != null && FATAL_WAITING.contains(waiting.getReason())) {
                    return new KubernetesJobStatus(Phase.FAILED, "pod " + pod.getMetadata().getName()
                            + " of Kubernetes Job " + name + " cannot start: " + waiting.getReason()
                            + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
                }
            }
        }
        return new KubernetesJobStatus(Phase.ACTIVE, null);
    }

    private static String podDetail(List<Pod> pods) {
        String detail = pods.stream().flatMap(pod -> containers(pod).stream()
                        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                        .map(c -> describe(pod, c.getState().getTerminated())))
                .collect(Collectors.joining("; "));
        return detail.isEmpty() ? "" : ": " + detail;
    }

    private static String describe(Pod pod, ContainerStateTerminated terminated) {
        return "pod " + pod.getMetadata().getName() + " terminated with " + terminated.getReason()
                + " (exit code " + terminated.getExitCode() + ")"
                + (terminated.getMessage() == null ? "" : ": " + terminated.getMessage());
    }

    private static List<ContainerStatus> containers(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        return pod.getStatus().getContainerStatuses();
    }
}
