package io.specialist.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import io.specialist.trainer.support.FakeIngestResource;
import io.specialist.trainer.support.TempHomeResource;
import io.specialist.testing.DatabaseResource;
import io.specialist.testing.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(FakeIngestResource.class)
@QuarkusTestResource(TempHomeResource.class)
class JobApiTest {

    static final String ADMIN = "Bearer test-admin-token";

    @Inject
    TrainingJobRepository jobs;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void creatingAJobNeedsTheAdminToken() {
        given().contentType(ContentType.JSON).body("{\"domain\":\"legal\"}")
                .when().post("/v1/jobs")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body("{\"domain\":\"legal\"}")
                .when().post("/v1/jobs")
                .then().statusCode(401).body("detail", containsString("not the admin token"));
        given().when().post("/v1/jobs/" + UUID.randomUUID() + "/cancel").then().statusCode(401);
        given().when().get("/v1/jobs/" + UUID.randomUUID() + "/spec").then().statusCode(401);
    }

    @Test
    void badJobRequestsGetProblemDetails() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"domain\":\"Not A Domain\"}")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid job request"))
                .body("errors[0].pointer", equalTo("/domain"))
                .body("instance", equalTo("/v1/jobs"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"legal\",\"strategy\":\"dropout\"}")
                .when().post("/v1/jobs")
                .then().statusCode(400).body("detail", containsString("[l2sp, ewc, none]"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"legal\",\"steps\":0}")
                .when().post("/v1/jobs")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/steps"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"legal\",\"steps\":\"many\"}")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("steps"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"legal\",\"kind\":\"dpo\"}")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/kind"))
                .body("detail", containsString("kind 'dpo' is not one of [continued-pretraining, sft, preference]"));
        // the base model's pretraining is the service's own business
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"legal\",\"kind\":\"pretrain\"}")
                .when().post("/v1/jobs")
                .then().statusCode(400).body("detail", containsString("kind 'pretrain' is not one of"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{not json")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("")
                .when().post("/v1/jobs")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/v1/jobs?state=sleeping")
                .then().statusCode(400).body("detail", containsString("sleeping"));
        given().when().get("/v1/jobs?limit=0").then().statusCode(400);
    }

    @Test
    void unknownJobIs404Problem() {
        given().when().get("/v1/jobs/does-not-exist")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("does-not-exist"));
        given().header("Authorization", ADMIN).when().post("/v1/jobs/does-not-exist/cancel").then().statusCode(404);
    }

    /**
     * A domain whose job is running (a Kubernetes-runner row, which the in-process service leaves alone)
     * gets one queued follow-up; further triggers merge into it; cancelling the queued job fails it.
     */
    @Test
    void triggersForABusyDomainCoalesceIntoOneQueuedJob() {
        String domain = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            TrainingJobEntity running = new TrainingJobEntity();
            running.id = UUID.randomUUID().toString();
            running.domain = domain;
            running.kind = "fine-tune";
            running.state = "running";
            running.triggerSource = "api";
            running.configJson = "{}";
            running.runner = "kubernetes";
            running.runningDomain = domain;
            running.createdAt = Instant.now();
            running.updatedAt = running.createdAt;
            jobs.persist(running);
        });

        String first = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + domain + "\"}")
                .when().post("/v1/jobs")
                .then().statusCode(202)
                .header("Location", containsString("/v1/jobs/"))
                .body("coalesced", equalTo(false))
                .body("job.state", equalTo("queued"))
                .body("job.config.training.regularizer", equalTo("l2sp"))
                .body("job.kind", equalTo("continued-pretraining"))
                .extract().path("job.id");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + domain + "\",\"kind\":\"fine-tune\",\"strategy\":\"ewc\",\"steps\":7}")
                .when().post("/v1/jobs")
                .then().statusCode(202)
                .body("coalesced", equalTo(true))
                .body("job.id", equalTo(first))
                .body("job.coalescedTriggers", equalTo(1))
                .body("job.config.training.regularizer", equalTo("ewc"))
                .body("job.config.training.steps", equalTo(7));

        // the running row was written as "fine-tune" (before job kinds): it reads as continued pretraining
        given().when().get("/v1/jobs?domain=" + domain + "&state=running").then().statusCode(200)
                .body("[0].kind", equalTo("continued-pretraining"));
        // an sft trigger is not merged into the queued continued-pretraining job: each kind queues its own
        String sft = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + domain + "\",\"kind\":\"sft\"}")
                .when().post("/v1/jobs")
                .then().statusCode(202)
                .body("coalesced", equalTo(false))
                .body("job.kind", equalTo("sft"))
                .extract().path("job.id");
        assertThat(sft).isNotEqualTo(first);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + domain + "\",\"kind\":\"sft\",\"steps\":3}")
                .when().post("/v1/jobs")
                .then().statusCode(202).body("coalesced", equalTo(true)).body("job.id", equalTo(sft));

        assertThat(given().when().get("/v1/jobs?domain=" + domain + "&state=queued").then().statusCode(200)
                .extract().jsonPath().getList("id")).containsExactlyInAnyOrder(first, sft);
        given().header("Authorization", ADMIN).when().post("/v1/jobs/" + sft + "/cancel")
                .then().statusCode(200).body("state", equalTo("failed"));

        given().header("Authorization", ADMIN).when().post("/v1/jobs/" + first + "/cancel")
                .then().statusCode(200).body("state", equalTo("failed"))
                .body("reason", containsString("cancelled"));
        given().when().get("/v1/jobs/" + first).then().statusCode(200).body("state", equalTo("failed"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void workerCallbacksRefuseJobsThatAreNotRunning() {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"idle-" + UUID.randomUUID().toString().substring(0, 6) + "\"}")
                .when().post("/v1/jobs").then().statusCode(202).extract().path("job.id");
        // the job waits (queued, or running if the base model is ready); cancel it so it is surely not running
        given().header("Authorization", ADMIN).when().post("/v1/jobs/" + id + "/cancel").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                given().when().get("/v1/jobs/" + id).then().extract().<String>path("state").equals("failed"));
        given().header("Authorization", ADMIN).when().get("/v1/jobs/" + id + "/spec")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("not running"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"verdict\":\"rejected\",\"reason\":\"x\"}")
                .when().put("/v1/jobs/" + id + "/result")
                .then().statusCode(409);
    }

    @Test
    void healthMetricsAndOpenApi() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItems("model-registry"))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Database")))
                .body("checks.name", org.hamcrest.Matchers.hasItem(containsString("Reactive Messaging")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("specialist_trainer_job_transitions_total"))
                .body(containsString("specialist_trainer_jobs{state=\"queued\"}"));
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/jobs")).body(containsString("/v1/models/{version}/artifact"));
    }
}
