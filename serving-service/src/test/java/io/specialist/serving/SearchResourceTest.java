package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.H2Profile;
import io.specialist.serving.support.IngestApiResource;
import io.specialist.serving.support.IngestApiServer;
import io.specialist.serving.support.InjectIngestApi;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/search} on the real index: documents announced on the real broker become searchable
 * (text fetched from a real HTTP ingest stand-in), the empty index is built from ingest's list at
 * start-up, and bad input is problem+json.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
@QuarkusTestResource(IngestApiResource.class)
class SearchResourceTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectIngestApi
    IngestApiServer ingest;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static Response search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/search");
    }

    void announce(DocumentIngested event) {
        TestKafka.send(broker.bootstrapServers(), Topics.DOCUMENTS_INGESTED, event.domain(), EventCodec.toJsonString(event),
                CloudEventHeaders.create(Topics.TYPE_DOCUMENT_INGESTED, "/ingest-service").toKafkaHeaders());
    }

    @Test
    void anAnnouncedDocumentBecomesSearchableWithItsIdAndScore() {
        DocumentIngested doc = ingest.add("astronomy", "The probe Kestrel-9 reached the moons of Neptune in March. "
                + "Its spectrometer found ammonia ice on Triton.");
        ingest.add("astronomy", "Comets are icy bodies that release gas near the Sun."); // stored, not announced yet
        announce(doc);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                search(Map.of("domain", "astronomy", "query", "Kestrel-9 Triton ammonia", "k", 3))
                        .then().statusCode(200)
                        .body("domain", equalTo("astronomy"))
                        .body("hits[0].documentId", equalTo(doc.id()))
                        .body("hits[0].passage", equalTo(0))
                        .body("hits[0].score", greaterThan(0f))
                        .body("hits[0].text", containsString("Kestrel-9")));
        // a model name searches its domain; a version too
        search(Map.of("model", "astronomy@4", "query", "Triton")).then().statusCode(200)
                .body("hits.documentId", hasItem(doc.id())).body("k", equalTo(5));
    }

    @Test
    void theEmptyIndexIsBuiltFromIngestsListAtStartup() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                search(Map.of("domain", IngestApiResource.SEEDED_DOMAIN, "query", "Westphalia Gutenberg Hanseatic", "k", 10))
                        .then().statusCode(200)
                        .body("hits.size()", equalTo(IngestApiResource.SEEDED)));
    }

    @Test
    void kLimitsTheHits() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                search(Map.of("domain", IngestApiResource.SEEDED_DOMAIN, "query", "the of", "k", 2))
                        .then().statusCode(200).body("hits.size()", equalTo(2))
                        .body("hits.score", everyItem(greaterThan(0f))));
    }

    @Test
    void anUnknownDomainHasNoHits() {
        search(Map.of("domain", "nothing-here", "query", "anything")).then().statusCode(200).body("hits.size()", equalTo(0));
    }

    @Test
    void badInputIsProblemJson() {
        search(Map.of("domain", "legal")).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/query"));
        search(Map.of("domain", "legal", "query", "   ")).then().statusCode(400).body("errors[0].pointer", equalTo("/query"));
        search(Map.of("domain", "legal", "query", "?! --")).then().statusCode(400)
                .body("detail", containsString("no searchable words"));
        search(Map.of("domain", "legal", "query", "x".repeat(2001))).then().statusCode(400)
                .body("detail", containsString("max-query-chars"));
        search(Map.of("domain", "legal", "query", "court", "k", 0)).then().statusCode(400).body("errors[0].pointer", equalTo("/k"));
        search(Map.of("domain", "legal", "query", "court", "k", 51)).then().statusCode(400)
                .body("detail", containsString("max-k"));
        search(Map.of("query", "court")).then().statusCode(400).body("errors[0].pointer", equalTo("/domain"));
        search(Map.of("domain", "Legal/..", "query", "court")).then().statusCode(400).body("errors[0].pointer", equalTo("/domain"));
        search(Map.of("domain", "legal", "model", "finance@2", "query", "court")).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/model"));
        Map<String, Object> wrongType = new HashMap<>(Map.of("domain", "legal", "query", "court"));
        wrongType.put("k", "many");
        search(wrongType).then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{not json").post("/v1/search").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).post("/v1/search").then().statusCode(400);
        search(Map.of("domain", "legal", "query", "court", "k", 3)).then().statusCode(200)
                .body("hits.size()", lessThanOrEqualTo(3));
    }
}
