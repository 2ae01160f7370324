package io.specialist.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.drift.support.Api;
import io.specialist.drift.support.InjectUpstream;
import io.specialist.drift.support.Produce;
import io.specialist.drift.support.Upstream;
import io.specialist.drift.support.UpstreamResource;
import io.specialist.events.Topics;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TinyModels;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Kafka smoke test, malformed input, and the REST, health, metrics and OpenAPI endpoints. */
@QuarkusTest
@TestProfile(H2Profile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UpstreamResource.class)
class MessagingAndApiTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectUpstream
    Upstream upstream;

    @Test
    void aRecordProducedToTheRealBrokerIsConsumedThroughReactiveMessaging() {
        String domain = "smoke-" + UUID.randomUUID().toString().substring(0, 8);
        Upstream.Doc doc = upstream.addDocument(domain, "train", TinyModels.heldOutProse(500).get(0));
        Produce.ingested(broker.bootstrapServers(), List.of(doc));
        await().atMost(WAIT).until(() -> Api.documents(domain) == 1);
        given().when().get("/v1/drift/{d}", domain).then().statusCode(200)
                .body("window.documents[0].id", equalTo(doc.id()))
                .body("window.documents[0].bitsPerByte", org.hamcrest.Matchers.greaterThan(0f));
    }

    @Test
    void malformedRecordsAreLoggedAndCountedAndNeverStopTheConsumer() {
        double docsBefore = Api.metric("drift_events_malformed_total", "channel=\"documents-ingested\"");
        double modelsBefore = Api.metric("drift_events_malformed_total", "channel=\"models-published\"");
        String bootstrap = broker.bootstrapServers();
        Produce.raw(bootstrap, Topics.DOCUMENTS_INGESTED, "x", "this is not json", Topics.TYPE_DOCUMENT_INGESTED);
        Produce.raw(bootstrap, Topics.DOCUMENTS_INGESTED, "x", "{\"id\":\"1\"}", Topics.TYPE_DOCUMENT_INGESTED);
        Produce.raw(bootstrap, Topics.DOCUMENTS_INGESTED, "x", "{\"id\":\"1\",\"domain\":\"x\",\"sha256\":\"ab\","
                + "\"bytes\":\"many\",\"split\":\"train\",\"ingestedAt\":\"2026-01-01T00:00:00Z\"}", Topics.TYPE_DOCUMENT_INGESTED);
        Produce.raw(bootstrap, Topics.DOCUMENTS_INGESTED, "x", null, Topics.TYPE_DOCUMENT_INGESTED);
        Produce.raw(bootstrap, Topics.DOCUMENTS_INGESTED, "x", "{}", "specialist.something.else");
        Produce.raw(bootstrap, Topics.MODELS_PUBLISHED, "x", "[1,2,3]", Topics.TYPE_MODEL_PUBLISHED);
        Produce.raw(bootstrap, Topics.MODELS_PUBLISHED, "x", "{\"version\":\"x@1\"}", Topics.TYPE_MODEL_PUBLISHED);

        // Good records after the bad ones (same key, so same partition) are still processed.
        String domain = "after-bad-" + UUID.randomUUID().toString().substring(0, 8);
        Upstream.Doc doc = upstream.addDocument(domain, "train", TinyModels.heldOutProse(500).get(1));
        Produce.ingested(bootstrap, List.of(doc));
        await().atMost(WAIT).until(() -> Api.documents(domain) == 1);
        await().atMost(WAIT).until(() ->
                Api.metric("drift_events_malformed_total", "channel=\"documents-ingested\"") >= docsBefore + 5
                        && Api.metric("drift_events_malformed_total", "channel=\"models-published\"") >= modelsBefore + 2);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void unknownDomainAndBadParametersAreProblemDetails() {
        given().when().get("/v1/drift/{d}", "never-seen").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("never-seen"))
                .body("instance", equalTo("/v1/drift/never-seen"));
        given().when().get("/v1/drift/{d}/detections?limit=0", "x").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("limit"));
    }

    @Test
    void listsDomainsAndExposesHealthMetricsAndOpenApi() {
        String domain = "listed-" + UUID.randomUUID().toString().substring(0, 8);
        Produce.ingested(broker.bootstrapServers(),
                List.of(upstream.addDocument(domain, "train", TinyModels.heldOutProse(500).get(2))));
        await().atMost(WAIT).until(() -> Api.documents(domain) == 1);
        given().when().get("/v1/drift").then().statusCode(200)
                .body("domain", hasItem(domain))
                .body("find { it.domain == '" + domain + "' }.window.size", equalTo(1));
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'drift-models' }.data.registrySynced", equalTo(true)));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                .body("checks.find { it.name == 'drift-models' }.data.baseModel", equalTo("general@1"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("drift_documents_scored_total", "drift_score_bits_per_byte_bucket",
                "drift_queue_batches", "drift_batch_duration_seconds");
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/drift/{domain}"))
                .body(containsString("/v1/drift/{domain}/detections"));
    }
}
