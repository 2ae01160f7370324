package io.specialist.trainer.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesJobStatusTests {

    private static JobBuilder job() {
        return new JobBuilder().withNewMetadata().withName("specialist-train-legal-1234abcd").endMetadata()
                .withNewSpec().withBackoffLimit(1).endSpec();
    }

    private static Pod terminated(String reason, int exitCode) {
        return new PodBuilder().withNewMetadata().withName("specialist-train-legal-1234abcd-xyz").endMetadata()
                .withNewStatus().addNewContainerStatus().withName("trainer-job").withNewState().withNewTerminated()
                .withReason(reason).withExitCode(exitCode).endTerminated().endState().endContainerStatus().endStatus()
                .build();
    }

    private static Pod waiting(String reason, String message) {
        return new PodBuilder().withNewMetadata().withName("specialist-train-legal-1234abcd-abc").endMetadata()
                .withNewStatus().addNewContainerStatus().withName("trainer-job").withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().endContainerStatus().endStatus()
                .build();
    }

    @Test
    void newAndActiveJobsAreActive() {
        assertThat(KubernetesJobStatus.of(job().build(), List.of()).phase()).isEqualTo(KubernetesJobStatus.Phase.ACTIVE);
        Job active = job().withNewStatus().withActive(1).endStatus().build();
        assertThat(KubernetesJobStatus.of(active, List.of()).phase()).isEqualTo(KubernetesJobStatus.Phase.ACTIVE);
    }

    @Test
    void failedConditionCarriesThePodReason() {
        Job failed = job().withNewStatus().withFailed(2).addNewCondition().withType("Failed").withStatus("True")
                .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit")
                .endCondition().endStatus().build();
        KubernetesJobStatus status = KubernetesJobStatus.of(failed, List.of(terminated("OOMKilled", 137)));
        assertThat(status.phase()).isEqualTo(KubernetesJobStatus.Phase.FAILED);
        assertThat(status.reason()).contains("BackoffLimitExceeded").contains("OOMKilled").contains("exit code 137");
    }

    @Test
    void failedPodsBeyondBackoffLimitFailWithoutCondition() {
        Job failed = job().withNewStatus().withFailed(2).endStatus().build();
        assertThat(KubernetesJobStatus.of(failed, List.of(terminated("Error", 2))).reason())
                .contains("more than its backoffLimit 1").contains("Error (exit code 2)");
    }

    @Test
    void completeConditionIsSuccess() {
        Job done = job().withNewStatus().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True")
                .endCondition().endStatus().build();
        assertThat(KubernetesJobStatus.of(done, List.of()).phase()).isEqualTo(KubernetesJobStatus.Phase.SUCCEEDED);
    }

    @Test
    void podThatCanNeverStartFailsAtOnce() {
        KubernetesJobStatus status = KubernetesJobStatus.of(job().withNewStatus().withActive(1).endStatus().build(),
                List.of(waiting("ImagePullBackOff", "Back-off pulling image \"nope:1\"")));
        assertThat(status.phase()).isEqualTo(KubernetesJobStatus.Phase.FAILED);
        assertThat(status.reason()).contains("cannot start: ImagePullBackOff").contains("nope:1");
        assertThat(KubernetesJobStatus.of(job().build(), List.of(waiting("ContainerCreating", null))).phase())
                .isEqualTo(KubernetesJobStatus.Phase.ACTIVE);
    }
}
