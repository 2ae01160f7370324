package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.specialist.serving.support.Sse;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import io.specialist.testing.TinyModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code retrieval} option of completions and scores, and {@code context} on scores, on real ONNX
 * Runtime sessions of the tiny model (64-token window) and the real passage index fed over the real broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
@QuarkusTestResource(IngestApiResource.class)
class RetrievalTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DOMAIN = "geology";
    static final int WINDOW = TinyModels.DEFAULT.contextLength();

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectIngestApi
    IngestApiServer ingest;

    static DocumentIngested basalt;
    static DocumentIngested granite;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    /** Two documents of the domain, announced on the topic, searchable before the test goes on. */
    synchronized void documents() {
        if (basalt != null) {
            return;
        }
        basalt = ingest.add(DOMAIN, "Basalt columns at the Ostrava quarry formed when lava cooled slowly. "
                + "The quarry basalt contains olivine and pyroxene crystals.");
        granite = ingest.add(DOMAIN, "Granite of the Ostrava ridge is coarse grained, rich in quartz and feldspar.");
        for (DocumentIngested d : List.of(basalt, granite)) {
            TestKafka.send(broker.bootstrapServers(), Topics.DOCUMENTS_INGESTED, d.domain(), EventCodec.toJsonString(d),
                    CloudEventHeaders.create(Topics.TYPE_DOCUMENT_INGESTED, "/ingest-service").toKafkaHeaders());
        }
        Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> given().contentType(ContentType.JSON)
                .body(Map.of("domain", DOMAIN, "query", "basalt granite", "k", 5)).post("/v1/search")
                .jsonPath().getList("hits").size() == 2);
        CompletionResourceTest.awaitModels();
    }

    static Response post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    static JsonNode json(Response r) {
        return json(r.asString());
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void aCompletionReadsTheBestPassagesFirstAndCitesThem() {
        documents();
        Map<String, Object> base = Map.of("model", DOMAIN, "prompt", "Basalt of the quarry", "max_tokens", 4, "seed", 5);
        JsonNode plain = json(post("/v1/completions", base).then().statusCode(200).body("citations", nullValue()).extract().response());
        Map<String, Object> withRetrieval = new java.util.HashMap<>(base);
        withRetrieval.put("retrieval", Map.of("k", 2, "maxContextTokens", 24));
        JsonNode retrieved = json(post("/v1/completions", withRetrieval).then().statusCode(200)
                .body("citations[0].documentId", equalTo(basalt.id()))
                .body("citations[0].passage", equalTo(0))
                .extract().response());
        int contextTokens = retrieved.get("usage").get("prompt_tokens").asInt() - plain.get("usage").get("prompt_tokens").asInt();
        assertThat(contextTokens).isBetween(1, 24); // the passages went ahead of the prompt, within the budget
        assertThat(retrieved.get("citations").get(0).get("score").asDouble()).isPositive();
    }

    @Test
    void theContextNeverTakesMoreThanHalfTheWindow() {
        documents();
        JsonNode r = json(post("/v1/score", Map.of("model", DOMAIN, "text", "Ostrava basalt granite quartz olivine",
                "retrieval", Map.of("k", 10, "maxContextTokens", 5000))).then().statusCode(200).extract().response());
        assertThat(r.get("contextTokens").asInt()).isBetween(1, WINDOW / 2);
        assertThat(r.get("citations").size()).isBetween(1, 2);
    }

    @Test
    void scoringWithRetrievalCountsOnlyTheTextAndCanExcludeDocuments() {
        documents();
        String text = "The quarry basalt contains olivine.";
        JsonNode plain = json(post("/v1/score", Map.of("model", DOMAIN, "text", text)).then().statusCode(200)
                .body("citations", nullValue()).body("contextTokens", nullValue()).extract().response());
        JsonNode retrieved = json(post("/v1/score", Map.of("model", DOMAIN, "text", text,
                "retrieval", Map.of("k", 1, "maxContextTokens", 30))).then().statusCode(200)
                .body("citations[0].documentId", equalTo(basalt.id())).extract().response());
        assertThat(retrieved.get("tokens").asLong()).isEqualTo(plain.get("tokens").asLong());
        assertThat(retrieved.get("bytes").asLong()).isEqualTo(plain.get("bytes").asLong());
        assertThat(retrieved.get("contextTokens").asInt()).isBetween(1, 30);
        assertThat(retrieved.get("bitsPerByte").asDouble()).isNotEqualTo(plain.get("bitsPerByte").asDouble());
        post("/v1/score", Map.of("model", DOMAIN, "text", text,
                "retrieval", Map.of("k", 3, "exclude", List.of(basalt.id())))).then().statusCode(200)
                .body("citations.documentId", not(hasItem(basalt.id())));
    }

    @Test
    void scoringGivenAContextIsConditionalScoring() {
        documents();
        String text = "Granite is coarse grained.";
        double plain = post("/v1/score", Map.of("model", DOMAIN, "text", text)).jsonPath().getDouble("bitsPerByte");
        JsonNode empty = json(post("/v1/score", Map.of("model", DOMAIN, "text", text, "context", "")).then().statusCode(200)
                .body("contextTokens", equalTo(0)).extract().response());
        assertThat(empty.get("bitsPerByte").asDouble()).isCloseTo(plain, org.assertj.core.data.Offset.offset(1e-5));
        JsonNode given = json(post("/v1/score", Map.of("model", DOMAIN, "text", text, "context", "Rocks of the ridge: "))
                .then().statusCode(200).body("citations", nullValue()).extract().response());
        assertThat(given.get("contextTokens").asInt()).isPositive();
        assertThat(given.get("bitsPerByte").asDouble()).isNotEqualTo(plain);
    }

    @Test
    void aStreamedCompletionCitesInItsLastChunk() {
        documents();
        String body = post("/v1/completions", Map.of("model", DOMAIN, "prompt", "Granite of the ridge", "max_tokens", 3,
                "stream", true, "retrieval", Map.of("k", 1))).then().statusCode(200).extract().asString();
        List<String> events = Sse.data(body);
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode last = json(events.get(events.size() - 2));
        assertThat(last.get("citations").get(0).get("documentId").asText()).isEqualTo(granite.id());
        if (events.size() > 2) { // text chunks come before the citations
            assertThat(json(events.get(0)).has("citations")).isFalse();
        }
    }

    @Test
    void badRetrievalOptionsAreProblemJson() {
        documents();
        post("/v1/completions", Map.of("model", DOMAIN, "prompt", "x y", "retrieval", Map.of("k", 0))).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].pointer", equalTo("/retrieval/k"));
        post("/v1/completions", Map.of("model", DOMAIN, "prompt", "x y", "retrieval", Map.of("k", 51))).then().statusCode(400)
                .body("detail", containsString("max-k"));
        post("/v1/score", Map.of("model", DOMAIN, "text", "x y", "retrieval", Map.of("maxContextTokens", 0))).then()
                .statusCode(400).body("errors[0].pointer", equalTo("/retrieval/maxContextTokens"));
        post("/v1/completions", Map.of("model", DOMAIN, "prompt", "", "retrieval", Map.of("k", 2))).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/prompt"));
        post("/v1/completions", Map.of("model", DOMAIN, "prompt", "?! ...", "retrieval", Map.of("k", 2))).then()
                .statusCode(400).body("detail", containsString("no searchable words"));
        post("/v1/completions", Map.of("model", DOMAIN, "prompt", "?! ...", "stream", true, "retrieval", Map.of("k", 2)))
                .then().statusCode(400).contentType("application/problem+json");
        post("/v1/score", Map.of("model", DOMAIN, "text", "x", "context", "c".repeat(65_537))).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/context"));
        post("/v1/score", Map.of("model", DOMAIN, "text", "x", "retrieval", "yes")).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aDomainWithoutDocumentsRetrievesNothingAndStillAnswers() {
        documents();
        post("/v1/completions", Map.of("model", "empty-domain", "prompt", "Basalt", "max_tokens", 2, "retrieval", Map.of()))
                .then().statusCode(200).body("citations.size()", equalTo(0));
    }
}
