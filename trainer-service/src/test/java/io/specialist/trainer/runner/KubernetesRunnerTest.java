package io.specialist.trainer.runner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.specialist.trainer.support.FakeIngestResource;
import io.specialist.trainer.worker.TrainingJobCommand;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The {@code kubernetes} runner against the fabric8 mock API server (CRUD mode): the batch/v1 Job it
 * creates, the training entry point run with exactly that Job's arguments (pulling from the trainer and
 * ingest over HTTP and pushing the result back), and pod failures mapped to job failures.
 */
@QuarkusTest
@TestProfile(KubernetesRunnerProfile.class)
@WithKubernetesTestServer(crud = true)
class KubernetesRunnerTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private String namespace() {
        return client.getNamespace();
    }

    private Deployment ownerDeployment() {
        Deployment existing = client.apps().deployments().inNamespace(namespace()).withName(KubernetesRunnerProfile.OWNER).get();
        if (existing != null) {
            return existing;
        }
        return client.apps().deployments().inNamespace(namespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName(KubernetesRunnerProfile.OWNER).withNamespace(namespace()).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "trainer").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "trainer").endMetadata()
                .withNewSpec().addNewContainer().withName("trainer").withImage(KubernetesRunnerProfile.IMAGE).endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    private String submit(String domain) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + domain + "\"}")
                .when().post("/v1/jobs").then().statusCode(202).extract().path("job.id");
    }

    private Job awaitKubernetesJob(String jobId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> client.batch().v1().jobs().inNamespace(namespace())
                .withLabel(KubernetesJobSpecs.LABEL_JOB_ID, jobId).list().getItems(), l -> !l.isEmpty()).get(0);
    }

    private JsonPath awaitState(String jobId, String state) {
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().when().get("/v1/jobs/" + jobId).then().extract().jsonPath(),
                        j -> state.equals(j.getString("state")));
    }

    @Test
    void jobSpecAndTheTrainingEntryPointPublishAModel() {
        given().when().get("/v1/models/general@1").then().statusCode(200).body("method", equalTo("import"));
        Deployment owner = ownerDeployment();
        String jobId = submit(FakeIngestResource.DOMAIN);
        Job job = awaitKubernetesJob(jobId);

        assertThat(job.getMetadata().getName()).startsWith("specialist-train-computing-").hasSizeLessThanOrEqualTo(63);
        assertThat(job.getMetadata().getNamespace()).isEqualTo(namespace());
        assertThat(job.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/part-of", "specialist")
                .containsEntry("app.kubernetes.io/managed-by", KubernetesJobSpecs.MANAGED_BY)
                .containsEntry(KubernetesJobSpecs.LABEL_JOB_ID, jobId)
                .containsEntry(KubernetesJobSpecs.LABEL_DOMAIN, FakeIngestResource.DOMAIN);
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Deployment");
            assertThat(ref.getName()).isEqualTo(KubernetesRunnerProfile.OWNER);
            assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
        });
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(KubernetesJobSpecs.LABEL_JOB_ID, jobId);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("specialist-training");
        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo(KubernetesRunnerProfile.IMAGE);
        // where the Jib images (-Pimages) put the application, whatever their base image
        assertThat(container.getCommand()).containsExactly("java", "--add-modules", "jdk.incubator.vector",
                "-XX:MaxRAMPercentage=75", "-jar", "/home/jboss/quarkus-run.jar");
        assertThat(container.getArgs()).containsExactly(TrainingJobCommand.NAME, "--job-id=" + jobId,
                "--trainer-url=http://127.0.0.1:" + KubernetesRunnerProfile.PORT,
                "--ingest-url=" + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("specialist.ingest-url", String.class));
        assertThat(container.getEnv()).hasSize(2).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("SPECIALIST_ADMIN_TOKEN");
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("specialist-admin");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        }).anySatisfy(env -> {
            assertThat(env.getName()).isEqualTo("ORT_DISABLE_TELEMETRY");
            assertThat(env.getValue()).isEqualTo("1");
        });
        // a real cluster's restricted pod security: non-root, read-only image, writable /tmp only
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName)
                .containsExactly("regcred", "mirror-cred");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
                assertThat(volume.getName()).isEqualTo(mount.getName());
                assertThat(volume.getEmptyDir().getSizeLimit().toString()).isEqualTo("1Gi");
            });
        });
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("3Gi");

        given().when().get("/v1/jobs/" + jobId).then().body("state", equalTo("running"))
                .body("runner", equalTo("kubernetes")).body("runnerRef", equalTo(job.getMetadata().getName()));

        // what the pod would run: the same entry point, with the Job's own arguments
        List<String> args = new ArrayList<>(container.getArgs().subList(1, container.getArgs().size()));
        args.add("--token=test-admin-token");
        args.add("--progress-interval=PT0.2S");
        int exit = new CommandLine(new TrainingJobCommand()).execute(args.toArray(String[]::new));
        assertThat(exit).isZero();

        JsonPath done = awaitState(jobId, "succeeded");
        assertThat(done.getString("result")).isEqualTo(FakeIngestResource.DOMAIN + "@1");
        assertThat(done.getInt("progress.steps")).isEqualTo(60);
        given().when().get("/v1/models/" + FakeIngestResource.DOMAIN + "@1").then().statusCode(200)
                .body("parent", equalTo("general@1")).body("jobId", equalTo(jobId));

        // Kubernetes then reports the Job complete: nothing changes for a job that already reported
        client.batch().v1().jobs().inNamespace(namespace()).withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(new JobStatusBuilder().withSucceeded(1).withConditions(
                            new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
                    return j;
                });
        given().when().get("/v1/jobs/" + jobId).then().body("state", equalTo("succeeded"));
    }

    /** The job's kind reaches the training entry point through the spec: an sft job trains there on instructions. */
    @Test
    void anSftJobRunsInTheTrainingEntryPoint() {
        given().when().get("/v1/models/general@1").then().statusCode(200);
        ownerDeployment();
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + FakeIngestResource.INSTRUCTION_DOMAIN + "\",\"kind\":\"sft\"}")
                .when().post("/v1/jobs").then().statusCode(202).extract().path("job.id");
        Job job = awaitKubernetesJob(jobId);
        assertThat(job.getMetadata().getAnnotations()).containsEntry("specialist.io/kind", "sft");
        given().header("Authorization", ADMIN).when().get("/v1/jobs/" + jobId + "/spec").then().statusCode(200)
                .body("kind", equalTo("sft"));

        Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> args = new ArrayList<>(container.getArgs().subList(1, container.getArgs().size()));
        args.add("--token=test-admin-token");
        args.add("--progress-interval=PT0.2S");
        assertThat(new CommandLine(new TrainingJobCommand()).execute(args.toArray(String[]::new))).isZero();

        JsonPath done = awaitState(jobId, "succeeded");
        assertThat(done.getString("result")).startsWith(FakeIngestResource.INSTRUCTION_DOMAIN + "@");
        assertThat(done.getDouble("metrics.responseBitsPerByteAfter"))
                .isLessThan(done.getDouble("metrics.responseBitsPerByteBefore"));
        given().when().get("/v1/models/" + done.getString("result")).then().statusCode(200)
                .body("training.kind", equalTo("sft")).body("jobId", equalTo(jobId));
    }

    @Test
    void podFailuresFailTheTrainingJobWithTheirReason() {
        ownerDeployment();
        String oomId = submit("oom-domain");
        Job oom = awaitKubernetesJob(oomId);
        String pullId = submit("pull-domain");
        Job pull = awaitKubernetesJob(pullId);

        // the OOM job: its pod was killed, then the Job gave up after its backoff limit
        client.pods().inNamespace(namespace()).resource(new PodBuilder()
                .withNewMetadata().withName(oom.getMetadata().getName() + "-x1").withNamespace(namespace())
                .withLabels(Map.of(KubernetesJobSpecs.LABEL_JOB_ID, oomId,
                        KubernetesJobSpecs.LABEL_MANAGED_BY, KubernetesJobSpecs.MANAGED_BY)).endMetadata()
                .withNewStatus().addNewContainerStatus().withName(KubernetesJobSpecs.CONTAINER).withNewState()
                .withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated().endState()
                .endContainerStatus().endStatus().build()).create();
        client.batch().v1().jobs().inNamespace(namespace()).withName(oom.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(new JobStatusBuilder().withFailed(2).withConditions(new JobConditionBuilder()
                            .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                            .withMessage("Job has reached the specified backoff limit").build()).build());
                    return j;
                });
        JsonPath failed = awaitState(oomId, "failed");
        assertThat(failed.getString("reason")).contains("BackoffLimitExceeded").contains("OOMKilled")
                .contains("exit code 137");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.batch().v1().jobs().inNamespace(namespace()).withName(oom.getMetadata().getName()).get() == null);

        // the pull job: its pod can never start, so the job fails without waiting for the deadline
        client.pods().inNamespace(namespace()).resource(new PodBuilder()
                .withNewMetadata().withName(pull.getMetadata().getName() + "-y1").withNamespace(namespace())
                .withLabels(Map.of(KubernetesJobSpecs.LABEL_JOB_ID, pullId,
                        KubernetesJobSpecs.LABEL_MANAGED_BY, KubernetesJobSpecs.MANAGED_BY)).endMetadata()
                .withNewStatus().addNewContainerStatus().withName(KubernetesJobSpecs.CONTAINER).withNewState()
                .withNewWaiting().withReason("ImagePullBackOff").withMessage("Back-off pulling image").endWaiting()
                .endState().endContainerStatus().endStatus().build()).create();
        JsonPath pulled = awaitState(pullId, "failed");
        assertThat(pulled.getString("reason")).contains("cannot start: ImagePullBackOff");
    }

    @Test
    void cancellingARunningJobDeletesItsKubernetesJob() {
        ownerDeployment();
        String jobId = submit("cancel-domain");
        Job job = awaitKubernetesJob(jobId);
        awaitState(jobId, "running");
        given().header("Authorization", ADMIN).when().post("/v1/jobs/" + jobId + "/cancel").then().statusCode(200);
        JsonPath cancelled = awaitState(jobId, "failed");
        assertThat(cancelled.getString("reason")).contains("cancelled");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                client.batch().v1().jobs().inNamespace(namespace()).withName(job.getMetadata().getName()).get() == null);
    }
}
