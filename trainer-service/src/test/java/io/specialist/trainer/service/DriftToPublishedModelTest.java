package io.specialist.trainer.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import ai.onnx.proto.OnnxMl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DriftDetected;
import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.ModelPublished;
import io.specialist.events.Topics;
import io.specialist.events.TrainingEvent;
import io.specialist.events.TrainingState;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.ScoreResult;
import io.specialist.testing.DatabaseResource;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import io.specialist.trainer.registry.Sha256;
import io.specialist.trainer.support.FakeIngest;
import io.specialist.trainer.support.FakeIngestResource;
import io.specialist.trainer.support.InjectFakeIngest;
import io.specialist.trainer.support.TempHomeResource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The loop as the trainer sees it, on tiny models: the empty registry gets a pretrained general@1, a drift
 * event on Kafka becomes a job, the job trains on documents from (stand-in) ingest, passes the gate and is
 * published: registry, artifact (loaded in ONNX Runtime), events on both topics. Then a job too short to
 * improve anything is rejected by the gate and keeps its metrics. Then an adapter job on the domain's full
 * fine-tune trains on it (frozen), faces the same gate and is published tied to it; a domain without a method
 * setting gets adapter jobs.
 */
@QuarkusTest
@QuarkusTestResource(DatabaseResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(FakeIngestResource.class)
@QuarkusTestResource(TempHomeResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftToPublishedModelTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String DOMAIN = FakeIngestResource.DOMAIN;
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectFakeIngest
    FakeIngest ingest;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    @Order(1)
    void emptyRegistryGetsAPretrainedBaseModelShownAsAJob() {
        String jobId = given().when().get("/v1/jobs?domain=general").then().statusCode(200)
                .body("kind", hasItem("pretrain"))
                .body("trigger.source", hasItem("startup"))
                .extract().path("[0].id");
        JsonPath job = awaitFinished(jobId);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("succeeded");
        assertThat(job.getString("result")).isEqualTo("general@1");
        assertThat(job.getString("progress.phase")).isNotBlank();

        JsonPath base = given().when().get("/v1/models/general@1").then().statusCode(200)
                .body("domain", equalTo("general"))
                .body("method", equalTo("pretrain"))
                .extract().jsonPath();
        assertThat(base.getDouble("metrics.generalBitsPerByteAfter")).isBetween(0.5, 8.0);
        assertThat(base.getDouble("metrics.referenceCount")).isEqualTo(8.0);
        given().when().get("/q/health/ready").then().statusCode(200).body(containsString("general@1"));
    }

    @Test
    @Order(2)
    void driftEventLeadsToAPublishedDomainModel() throws Exception {
        Instant before = Instant.now();
        // a malformed record first: skipped and counted, and it must not block the valid one behind it
        TestKafka.send(broker.bootstrapServers(), Topics.DRIFT_DETECTED, DOMAIN, "{not json",
                CloudEventHeaders.create(Topics.TYPE_DRIFT_DETECTED, "/test").toKafkaHeaders());
        DriftDetected drift = new DriftDetected(Events.SCHEMA_VERSION, DOMAIN, "general@1", 12.5, 8.0,
                List.of("doc-1", "doc-2"), Instant.now(), Map.of());
        TestKafka.send(broker.bootstrapServers(), Topics.DRIFT_DETECTED, DOMAIN, EventCodec.toJsonString(drift),
                CloudEventHeaders.create(Topics.TYPE_DRIFT_DETECTED, "/drift-service").toKafkaHeaders());

        String jobId = await().atMost(Duration.ofSeconds(60)).until(() -> given().when()
                .get("/v1/jobs?domain=" + DOMAIN).then().extract().jsonPath().<String>getList("id"), l -> !l.isEmpty())
                .get(0);
        JsonPath job = awaitFinished(jobId);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("succeeded");
        assertThat(job.getString("trigger.source")).isEqualTo("drift");
        assertThat(job.getDouble("trigger.detail.statistic")).isEqualTo(12.5);
        assertThat(job.getString("parent")).isEqualTo("general@1");
        assertThat(job.getString("result")).isEqualTo(DOMAIN + "@1");
        assertThat(job.getInt("progress.steps")).isEqualTo(60);
        assertThat(job.getDouble("metrics.domainGain")).isGreaterThanOrEqualTo(0.02);
        assertThat(job.getDouble("metrics.generalRegression")).isLessThanOrEqualTo(0.02);
        given().when().get("/q/metrics").then()
                .body(containsString("specialist_trainer_drift_events_total{outcome=\"malformed\""));

        JsonPath manifest = given().when().get("/v1/models/" + DOMAIN + "@1").then().statusCode(200)
                .body("parent", equalTo("general@1"))
                .body("baseVersion", equalTo("general@1"))
                .body("method", equalTo("full"))
                .body("jobId", equalTo(jobId))
                .body("training.regularizer", equalTo("l2sp"))
                .body("tokenizer.vocabSize", equalTo(300))
                .body("artifactUri", containsString("/v1/models/" + DOMAIN + "@1/artifact"))
                .extract().jsonPath();
        int heldout = ingest.documents(DOMAIN, "heldout").size();
        assertThat(manifest.getInt("dataWindow.heldoutDocs")).isEqualTo(heldout);
        assertThat(manifest.getInt("model.trainableParameters")).isEqualTo(manifest.getInt("model.parameters"));
        assertThat(manifest.getInt("dataWindow.trainDocs")).isEqualTo(ingest.documents(DOMAIN, "train").size());
        assertThat(manifest.getDouble("metrics.referenceCount")).isEqualTo(heldout);
        double domainAfter = manifest.getDouble("metrics.domainBitsPerByteAfter");
        assertThat(domainAfter).isLessThan(manifest.getDouble("metrics.domainBitsPerByteBefore"));

        // the artifact: ETag = sha256 = manifest; ONNX metadata names the version; ONNX Runtime scores like the gate
        var response = given().when().get("/v1/models/" + DOMAIN + "@1/artifact").then().statusCode(200)
                .header("ETag", "\"" + manifest.getString("sha256") + "\"")
                .header("Accept-Ranges", "bytes")
                .extract();
        byte[] onnx = response.asByteArray();
        assertThat(Sha256.hex(onnx)).isEqualTo(manifest.getString("sha256"));
        assertThat(onnx.length).isEqualTo(manifest.getInt("artifactBytes"));
        Map<String, String> props = new java.util.HashMap<>();
        for (OnnxMl.StringStringEntryProto p : OnnxMl.ModelProto.parseFrom(onnx).getMetadataPropsList()) {
            props.put(p.getKey(), p.getValue());
        }
        assertThat(props).containsEntry("specialist.version", DOMAIN + "@1").containsEntry("specialist.domain", DOMAIN)
                .containsKey("specialist.tokenizer").containsKey("specialist.config");
        List<String> heldoutTexts = ingest.documents(DOMAIN, "heldout").stream().map(d -> d.get("text").asText()).toList();
        try (OrtLanguageModel ort = OrtLanguageModel.load(onnx, 1)) {
            double bpb = ScoreResult.total(ort.score(heldoutTexts)).bitsPerByte();
            assertThat(bpb).isCloseTo(domainAfter, org.assertj.core.data.Offset.offset(1e-3));
        }

        // both topics carry the story, with CloudEvents headers and the domain as key
        List<ConsumerRecord<String, String>> published = TestKafka.consume(broker.bootstrapServers(),
                Topics.MODELS_PUBLISHED, 1, Duration.ofSeconds(30), r -> DOMAIN.equals(r.key()));
        assertThat(published).hasSize(1);
        ModelPublished event = EventCodec.fromJson(published.get(0).value(), ModelPublished.class);
        assertThat(event.version()).isEqualTo(DOMAIN + "@1");
        assertThat(event.parent()).isEqualTo("general@1");
        assertThat(event.sha256()).isEqualTo(manifest.getString("sha256"));
        assertThat(event.artifactUri()).isEqualTo(manifest.getString("artifactUri"));
        assertThat(event.metrics()).containsKeys("domainBitsPerByteBefore", "domainBitsPerByteAfter",
                "generalBitsPerByteBefore", "generalBitsPerByteAfter", "referenceBitsPerByteMean",
                "referenceBitsPerByteStd", "referenceCount");
        assertThat(CloudEventHeaders.readFrom(published.get(0).headers()).type()).isEqualTo(Topics.TYPE_MODEL_PUBLISHED);

        List<ConsumerRecord<String, String>> transitions = TestKafka.consume(broker.bootstrapServers(),
                Topics.TRAINING_EVENTS, 3, Duration.ofSeconds(30),
                r -> EventCodec.fromJson(r.value(), TrainingEvent.class).jobId().equals(jobId));
        assertThat(transitions).extracting(r -> EventCodec.fromJson(r.value(), TrainingEvent.class).state())
                .containsExactly(TrainingState.QUEUED, TrainingState.RUNNING, TrainingState.SUCCEEDED);
        assertThat(transitions).extracting(r -> CloudEventHeaders.readFrom(r.headers()).type())
                .containsExactly("specialist.training.queued", "specialist.training.running",
                        "specialist.training.succeeded");
        assertThat(transitions).allMatch(r -> DOMAIN.equals(r.key()));
        assertThat(EventCodec.fromJson(transitions.get(2).value(), TrainingEvent.class).metrics())
                .containsKey("domainGain");
        assertThat(Instant.now()).isAfter(before);
    }

    @Test
    @Order(3)
    void artifactDownloadsAreConditionalAndRangeSafe() {
        JsonPath manifest = given().when().get("/v1/models/" + DOMAIN + "@1").then().statusCode(200).extract().jsonPath();
        String etag = "\"" + manifest.getString("sha256") + "\"";
        int size = manifest.getInt("artifactBytes");
        byte[] full = given().when().get("/v1/models/" + DOMAIN + "@1/artifact").then().statusCode(200)
                .extract().asByteArray();

        given().header("If-None-Match", etag).when().get("/v1/models/" + DOMAIN + "@1/artifact")
                .then().statusCode(304).header("ETag", etag);
        byte[] head = given().header("Range", "bytes=0-15").when().get("/v1/models/" + DOMAIN + "@1/artifact")
                .then().statusCode(206).header("Content-Range", "bytes 0-15/" + size).extract().asByteArray();
        assertThat(head).isEqualTo(Arrays.copyOfRange(full, 0, 16));
        byte[] tail = given().header("Range", "bytes=" + (size - 100) + "-").when()
                .get("/v1/models/" + DOMAIN + "@1/artifact").then().statusCode(206).extract().asByteArray();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(full, size - 100, size));
        given().header("Range", "bytes=0-15").header("If-Range", "\"stale\"").when()
                .get("/v1/models/" + DOMAIN + "@1/artifact").then().statusCode(200);
        given().header("Range", "bytes=" + size + "-").when().get("/v1/models/" + DOMAIN + "@1/artifact")
                .then().statusCode(416).header("Content-Range", "bytes */" + size)
                .contentType("application/problem+json");

        given().when().get("/v1/models").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.hasItems("general@1", DOMAIN + "@1"));
        given().when().get("/v1/models/" + DOMAIN + "@99").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/v1/models/not-a-version").then().statusCode(400)
                .body("detail", containsString("domain@number"));
        given().when().get("/v1/models/" + DOMAIN + "@1/checkpoint").then().statusCode(401);
        byte[] checkpoint = given().header("Authorization", ADMIN).when().get("/v1/models/" + DOMAIN + "@1/checkpoint")
                .then().statusCode(200).header("ETag", "\"" + manifest.getString("checkpointSha256") + "\"")
                .extract().asByteArray();
        assertThat(Sha256.hex(checkpoint)).isEqualTo(manifest.getString("checkpointSha256"));
    }

    @Test
    @Order(4)
    void aCandidateThatDoesNotImproveEnoughIsRejectedAndKeepsItsMetrics() {
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"strategy\":\"ewc\",\"steps\":1}")
                .when().post("/v1/jobs").then().statusCode(202).extract().path("job.id");
        JsonPath job = awaitFinished(jobId);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("rejected");
        assertThat(job.getString("parent")).isEqualTo(DOMAIN + "@1");
        assertThat(job.getString("reason")).contains("rejected").contains("need >= 2.00%");
        assertThat(job.getDouble("metrics.domainGain")).isLessThan(0.02);
        assertThat(job.getDouble("metrics.domainBitsPerByteBefore")).isPositive();
        assertThat(job.getDouble("metrics.steps")).isEqualTo(1.0);
        assertThat(job.getString("result")).isNull();
        given().when().get("/v1/models/" + DOMAIN + "@2").then().statusCode(404);

        List<ConsumerRecord<String, String>> events = TestKafka.consume(broker.bootstrapServers(),
                Topics.TRAINING_EVENTS, 3, Duration.ofSeconds(30),
                r -> EventCodec.fromJson(r.value(), TrainingEvent.class).jobId().equals(jobId));
        TrainingEvent last = EventCodec.fromJson(events.get(events.size() - 1).value(), TrainingEvent.class);
        assertThat(last.state()).isEqualTo(TrainingState.REJECTED);
        assertThat(last.reason()).contains("need >= 2.00%");
    }

    @Test
    @Order(5)
    void anAdapterJobOnAFullFineTuneTrainsOnItAndIsTiedToIt() {
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"method\":\"adapter\",\"steps\":300}")
                .when().post("/v1/jobs").then().statusCode(202)
                .body("job.config.method", equalTo("adapter"))
                .body("job.config.adapter.rank", equalTo(8))
                .body("job.config.adapter.targets", org.hamcrest.Matchers.contains("qkv", "attproj", "fc", "fcproj"))
                .body("job.config.adapter.replayFraction", equalTo(0.5f))
                .extract().path("job.id");
        JsonPath job = awaitFinished(jobId);
        // The parent is the domain's full fine-tune DOMAIN@1: the adapter is trained on it (frozen), not on the
        // base, so it starts from the fine-tune's score, and the same gate judges it against that score.
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("succeeded");
        assertThat(job.getString("parent")).isEqualTo(DOMAIN + "@1");
        assertThat(job.getString("base")).isEqualTo("general@1");
        // d32 L1, rank 8: 8*(32+96) + 8*(32+32) + 8*(32+128) + 8*(128+32) = 4096 trainable floats
        assertThat(job.getDouble("metrics.trainableParameters")).isEqualTo(4096.0);
        assertThat(job.getDouble("metrics.steps")).isEqualTo(300.0);
        JsonPath parent = given().when().get("/v1/models/" + DOMAIN + "@1").then().extract().jsonPath();
        assertThat(job.getDouble("metrics.domainBitsPerByteBefore"))
                .isCloseTo(parent.getDouble("metrics.domainBitsPerByteAfter"), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(job.getDouble("metrics.domainGain")).isGreaterThanOrEqualTo(0.02);

        // Tied to the model it was trained on; the registry merged it into that model for serving's artifact,
        // while the general regression is still judged against the base.
        given().when().get("/v1/models/" + DOMAIN + "@2").then().statusCode(200)
                .body("method", equalTo("adapter"))
                .body("parent", equalTo(DOMAIN + "@1"))
                .body("baseVersion", equalTo("general@1"))
                .body("adapter.requiresBase", equalTo(DOMAIN + "@1"))
                .body("model.trainableParameters", equalTo(4096));

        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"method\":\"lora\"}")
                .when().post("/v1/jobs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("method 'lora' is not one of [full, adapter]"));
    }

    @Test
    @Order(6)
    void aDomainWithoutAMethodSettingGetsAnAdapterJob() {
        // computing is configured full in the test profile; a domain without an entry gets the default.
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"astronomy\"}")
                .when().post("/v1/jobs").then().statusCode(202)
                .body("job.config.method", equalTo("adapter"))
                .body("job.config.adapter.rank", equalTo(8))
                .extract().path("job.id");
        JsonPath job = awaitFinished(jobId);
        // the stand-in ingest has no documents of that domain: the job ends there, after the method was chosen
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("failed");
    }

    static JsonPath awaitFinished(String jobId) {
        return await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath(),
                        j -> List.of("succeeded", "rejected", "failed").contains(j.getString("state")));
    }
}
