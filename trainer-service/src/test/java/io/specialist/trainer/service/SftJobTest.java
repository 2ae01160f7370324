package io.specialist.trainer.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.Split;
import io.specialist.events.Topics;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.ScoreResult;
import io.specialist.testing.DatabaseResource;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import io.specialist.trainer.repository.SftCounterRepository;
import io.specialist.trainer.repository.SftDomainCounterEntity;
import io.specialist.trainer.support.FakeIngest;
import io.specialist.trainer.support.FakeIngestResource;
import io.specialist.trainer.support.InjectFakeIngest;
import io.specialist.trainer.support.TempHomeResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Supervised fine-tuning through the service, on tiny models: an sft job on FOLDOC definition examples (from the
 * stand-in ingest) trains on responses given their prompts, passes the gate on the held-out response bits/byte
 * and is published (ONNX Runtime's conditional score of the artifact equals the gate's number); a one-step sft
 * job from that model does not improve enough and is rejected; new instruction examples announced on
 * {@code specialist.documents.ingested} trigger one sft job per {@code sft.min-examples} distinct examples.
 * Shares the application (same resources) with the other service tests.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(FakeIngestResource.class)
@QuarkusTestResource(TempHomeResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SftJobTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String DOMAIN = FakeIngestResource.INSTRUCTION_DOMAIN;
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);
    static final Pattern INSTRUCTION_EVENTS = Pattern.compile(
            "specialist_trainer_ingested_events_total\\{outcome=\"instruction\"[^}]*} ([0-9.E]+)");

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectFakeIngest
    FakeIngest ingest;

    @Inject
    SftCounterRepository counters;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    @Order(1)
    void anSftJobLearnsTheResponsesAndIsPublished() throws Exception {
        await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(
                () -> given().when().get("/v1/models/general@1").then().extract().statusCode() == 200);
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"kind\":\"sft\"}")
                .when().post("/v1/jobs").then().statusCode(202)
                .body("job.kind", equalTo("sft"))
                .body("coalesced", equalTo(false))
                .extract().path("job.id");
        JsonPath job = DriftToPublishedModelTest.awaitFinished(jobId);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("succeeded");
        assertThat(job.getString("kind")).isEqualTo("sft");
        assertThat(job.getString("parent")).isEqualTo("general@1");
        assertThat(job.getString("result")).isEqualTo(DOMAIN + "@1");
        assertThat(job.getString("reason")).contains("held-out response bits/byte given the prompt");
        int train = ingest.documents(DOMAIN, "train").size();
        int heldout = ingest.documents(DOMAIN, "heldout").size();
        assertThat(job.getDouble("metrics.trainExamples")).isEqualTo(train);
        assertThat(job.getDouble("metrics.heldoutExamples")).isEqualTo(heldout);
        double before = job.getDouble("metrics.responseBitsPerByteBefore");
        double after = job.getDouble("metrics.responseBitsPerByteAfter");
        assertThat(after).isLessThan(before);
        assertThat(job.getDouble("metrics.responseGain")).isGreaterThanOrEqualTo(0.02)
                .isCloseTo((before - after) / before, org.assertj.core.data.Offset.offset(1e-6)); // JsonPath reads floats
        assertThat(job.getDouble("metrics.generalRegression")).isLessThanOrEqualTo(0.02);

        JsonPath manifest = given().when().get("/v1/models/" + DOMAIN + "@1").then().statusCode(200)
                .body("parent", equalTo("general@1"))
                .body("method", equalTo("full"))
                .body("training.kind", equalTo("sft"))
                .body("dataWindow.kind", equalTo("instruction"))
                .body("dataWindow.trainDocs", equalTo(train))
                .body("dataWindow.heldoutDocs", equalTo(heldout))
                .extract().jsonPath();
        assertThat(manifest.getDouble("metrics.responseBitsPerByteAfter")).isEqualTo(after);
        assertThat(manifest.getDouble("metrics.responseBitsPerByteBefore")).isEqualTo(before);

        // serving's conditional score (ONNX Runtime, context bytes not counted) of the artifact is the gate's number
        byte[] onnx = given().when().get("/v1/models/" + DOMAIN + "@1/artifact").then().statusCode(200)
                .extract().asByteArray();
        List<JsonNode> examples = ingest.documents(DOMAIN, "heldout");
        List<ScoreResult> scores = new ArrayList<>();
        try (OrtLanguageModel ort = OrtLanguageModel.load(onnx, 1)) {
            for (JsonNode e : examples) {
                scores.add(ort.score(e.get("prompt").asText(), e.get("response").asText()));
            }
        }
        assertThat(ScoreResult.total(scores).bitsPerByte()).isCloseTo(after, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    @Order(2)
    void anSftCandidateWhoseResponsesDoNotImproveEnoughIsRejected() {
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"kind\":\"sft\",\"steps\":1}")
                .when().post("/v1/jobs").then().statusCode(202).extract().path("job.id");
        JsonPath job = DriftToPublishedModelTest.awaitFinished(jobId);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("rejected");
        assertThat(job.getString("parent")).isEqualTo(DOMAIN + "@1");
        assertThat(job.getString("reason")).contains("rejected: held-out response bits/byte given the prompt")
                .contains("need >= 2.00%");
        assertThat(job.getDouble("metrics.responseGain")).isLessThan(0.02);
        JsonPath parent = given().when().get("/v1/models/" + DOMAIN + "@1").then().extract().jsonPath();
        assertThat(job.getDouble("metrics.responseBitsPerByteBefore"))
                .isCloseTo(parent.getDouble("metrics.responseBitsPerByteAfter"), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(job.getString("result")).isNull();
        given().when().get("/v1/models/" + DOMAIN + "@2").then().statusCode(404);
    }

    @Test
    @Order(3)
    void newInstructionExamplesTriggerOneSftJobPerThreshold() {
        String domain = "notes-" + UUID.randomUUID().toString().substring(0, 8);
        double counted = instructionEvents();
        // 11 distinct examples, 3 of them delivered twice, plus a plain document and a malformed record:
        // below the threshold of 12 distinct examples (the test profile's sft.min-examples)
        for (int i = 1; i <= 11; i++) {
            sendIngested(domain, "ex-" + domain + "-" + i, DocumentKind.INSTRUCTION);
        }
        for (int i = 1; i <= 3; i++) {
            sendIngested(domain, "ex-" + domain + "-" + i, DocumentKind.INSTRUCTION);
        }
        sendIngested(domain, "doc-" + domain, DocumentKind.DOCUMENT);
        TestKafka.send(broker.bootstrapServers(), Topics.DOCUMENTS_INGESTED, domain, "{not json",
                CloudEventHeaders.create(Topics.TYPE_DOCUMENT_INGESTED, "/test").toKafkaHeaders());
        await().atMost(Duration.ofSeconds(60)).until(() -> instructionEvents() >= counted + 14);
        assertThat(jobsOf(domain)).isEmpty();
        assertThat(counter(domain).newExamples).isEqualTo(11);

        sendIngested(domain, "ex-" + domain + "-12", DocumentKind.INSTRUCTION);
        List<String> ids = await().atMost(Duration.ofSeconds(60)).until(() -> jobsOf(domain), l -> !l.isEmpty());
        assertThat(ids).hasSize(1);
        given().when().get("/v1/jobs/" + ids.get(0)).then().statusCode(200)
                .body("kind", equalTo("sft"))
                .body("trigger.source", equalTo("instructions"))
                .body("trigger.detail.newExamples", equalTo(12))
                .body("trigger.detail.minExamples", equalTo(12));
        SftDomainCounterEntity after = counter(domain);
        assertThat(after.newExamples).isZero();
        assertThat(after.totalExamples).isEqualTo(12);
        assertThat(after.lastTriggerAt).isNotNull();

        // the next 11 new examples do not make another job
        for (int i = 13; i <= 23; i++) {
            sendIngested(domain, "ex-" + domain + "-" + i, DocumentKind.INSTRUCTION);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> counter(domain).totalExamples == 23);
        assertThat(jobsOf(domain)).hasSize(1);
        // the domain has no examples at (stand-in) ingest: its job fails and says why
        JsonPath done = DriftToPublishedModelTest.awaitFinished(ids.get(0));
        assertThat(done.getString("state")).isEqualTo("failed");
        assertThat(done.getString("reason")).contains("no training instruction examples");
    }

    private void sendIngested(String domain, String id, DocumentKind kind) {
        DocumentIngested event = new DocumentIngested(Events.SCHEMA_VERSION, id, domain, kind, "0".repeat(64), 40,
                Split.TRAIN, Instant.now());
        TestKafka.send(broker.bootstrapServers(), Topics.DOCUMENTS_INGESTED, domain, EventCodec.toJsonString(event),
                CloudEventHeaders.create(Topics.TYPE_DOCUMENT_INGESTED, "/ingest-service").toKafkaHeaders());
    }

    private static List<String> jobsOf(String domain) {
        return given().when().get("/v1/jobs?domain=" + domain).then().statusCode(200).extract().jsonPath().getList("id");
    }

    private SftDomainCounterEntity counter(String domain) {
        return QuarkusTransaction.requiringNew().call(() -> counters.of(domain).orElseGet(SftDomainCounterEntity::new));
    }

    private static double instructionEvents() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = INSTRUCTION_EVENTS.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
