package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.specialist.serving.support.PrometheusScrape;
import io.specialist.serving.support.Sse;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.testing.H2Profile;
import io.specialist.testing.KafkaBrokerResource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completions, streaming, scoring and the model list over HTTP, on real ONNX Runtime sessions. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
class CompletionResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static Response complete(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/completions");
    }

    /** Waits until startup has loaded the models from the registry. */
    static void awaitModels() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(180)).until(() ->
                complete(Map.of("model", "legal", "prompt", "x", "max_tokens", 1)).statusCode() == 200);
    }

    @Test
    void completionHasTheOpenAiShapeAndTheVersionHeader() {
        awaitModels();
        complete(Map.of("model", "legal", "prompt", "The court held", "max_tokens", 8, "seed", 1))
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("X-Model-Version", "legal@1")
                .body("id", startsWith("cmpl-"))
                .body("object", equalTo("text_completion"))
                .body("model", equalTo("legal@1"))
                .body("created", greaterThan(0))
                .body("choices.size()", equalTo(1))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].finish_reason", org.hamcrest.Matchers.oneOf("stop", "length"))
                .body("usage.prompt_tokens", greaterThan(0))
                .body("usage.completion_tokens", org.hamcrest.Matchers.allOf(greaterThan(0),
                        org.hamcrest.Matchers.lessThanOrEqualTo(8)));
    }

    @Test
    void totalTokensIsPromptPlusCompletion() {
        awaitModels();
        JsonNode usage = json(complete(Map.of("model", "legal", "prompt", "The parties agreed", "max_tokens", 5, "seed", 3)))
                .get("usage");
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    }

    @Test
    void eachCompletionIsCountedAndTimedPerDomain() {
        awaitModels();
        String legal = "domain=\"legal\"";
        double tokens = PrometheusScrape.value("specialist_serving_tokens_generated_total", legal);
        double timed = PrometheusScrape.value("specialist_serving_generation_seconds_count", legal);
        double seconds = PrometheusScrape.value("specialist_serving_generation_seconds_sum", legal);
        JsonNode usage = json(complete(Map.of("model", "legal", "prompt", "The parties agreed", "max_tokens", 6, "seed", 4)))
                .get("usage");
        assertThat(PrometheusScrape.value("specialist_serving_tokens_generated_total", legal) - tokens)
                .isEqualTo(usage.get("completion_tokens").asDouble());
        assertThat(PrometheusScrape.value("specialist_serving_generation_seconds_count", legal) - timed).isEqualTo(1.0);
        assertThat(PrometheusScrape.value("specialist_serving_generation_seconds_sum", legal)).isGreaterThan(seconds);
    }

    @Test
    void domainWithoutItsOwnModelIsServedByTheBaseModel() {
        awaitModels();
        complete(Map.of("model", "finance", "prompt", "Interest rates", "max_tokens", 4))
                .then().statusCode(200).header("X-Model-Version", "general@1").body("model", equalTo("general@1"));
    }

    @Test
    void explicitVersionIsServedAndAnUnloadedOneIs404() {
        awaitModels();
        complete(Map.of("model", "legal@1", "prompt", "x", "max_tokens", 2))
                .then().statusCode(200).header("X-Model-Version", "legal@1");
        complete(Map.of("model", "legal@99", "prompt", "x", "max_tokens", 2))
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("legal@99"));
    }

    @Test
    void sameSeedGivesTheSameTextAndOtherSeedsDiffer() {
        awaitModels();
        Map<String, Object> request = Map.of("model", "legal", "prompt", "The model", "max_tokens", 12,
                "temperature", 1.0, "top_p", 0.95, "seed", 42);
        String first = text(complete(request));
        assertThat(first).isNotEmpty();
        assertThat(text(complete(request))).isEqualTo(first);
        assertThat(text(complete(request))).isEqualTo(first);
        Set<String> others = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            others.add(text(complete(Map.of("model", "legal", "prompt", "The model", "max_tokens", 12,
                    "temperature", 1.0, "top_p", 0.95, "seed", seed))));
        }
        others.add(first);
        assertThat(others).as("different seeds sample different texts").hasSizeGreaterThan(1);
    }

    @Test
    void greedyDecodingIsDeterministicWithoutASeed() {
        awaitModels();
        Map<String, Object> request = Map.of("model", "general", "prompt", "Serving", "max_tokens", 10, "temperature", 0);
        assertThat(text(complete(request))).isEqualTo(text(complete(request)));
    }

    @Test
    void streamingSendsChunksThenUsageThenDone() {
        awaitModels();
        Map<String, Object> request = Map.of("model", "legal", "prompt", "The court", "max_tokens", 10, "seed", 7,
                "temperature", 0.8);
        String expected = text(complete(request));
        Map<String, Object> streaming = new java.util.HashMap<>(request);
        streaming.put("stream", true);
        Response response = complete(streaming);
        response.then().statusCode(200).contentType(startsWith("text/event-stream")).header("X-Model-Version", "legal@1");
        List<String> events = Sse.data(response.asString());
        assertThat(events).last().isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(CompletionResourceTest::json).toList();
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
        StringBuilder text = new StringBuilder();
        String id = chunks.get(0).get("id").asText();
        for (JsonNode chunk : chunks) {
            assertThat(chunk.get("id").asText()).isEqualTo(id);
            assertThat(chunk.get("object").asText()).isEqualTo("text_completion");
            assertThat(chunk.get("model").asText()).isEqualTo("legal@1");
            text.append(chunk.get("choices").get(0).get("text").asText());
        }
        assertThat(text.toString()).as("streamed text equals the non-streamed text for the same seed").isEqualTo(expected);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.get("choices").get(0).get("finish_reason").asText()).isIn("stop", "length");
        assertThat(last.get("usage").get("completion_tokens").asInt()).isBetween(1, 10);
        chunks.subList(0, chunks.size() - 1).forEach(c -> {
            assertThat(c.get("choices").get(0).get("finish_reason").isNull()).isTrue();
            assertThat(c.has("usage")).isFalse();
        });
    }

    @io.quarkus.test.common.http.TestHTTPResource("/v1/completions")
    java.net.URI completionsUri;

    @Test
    void streamingDeliversChunksWhileGenerating() throws Exception {
        awaitModels();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String body = "{\"model\":\"general\",\"prompt\":\"The\",\"max_tokens\":256,\"temperature\":1.0,"
                + "\"seed\":5,\"stream\":true}";
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(completionsUri)
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()); // connection and classes warm
        long start = System.nanoTime();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = client.send(request,
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        List<Long> arrivals = new java.util.ArrayList<>();
        response.body().filter(line -> line.startsWith("data: ")).forEach(line -> arrivals.add(System.nanoTime()));
        assertThat(arrivals).hasSizeGreaterThan(20);
        long first = arrivals.get(0) - start;
        long last = arrivals.get(arrivals.size() - 1) - start;
        // Buffered output would deliver every event at once, at the end.
        assertThat(first).as("first event after %d ms, last after %d ms", first / 1_000_000, last / 1_000_000)
                .isLessThan(last / 2);
    }

    @Test
    void stopSequenceEndsTheTextBeforeIt() {
        awaitModels();
        Map<String, Object> request = new java.util.HashMap<>(Map.of("model", "general", "prompt", "The", "max_tokens", 30,
                "temperature", 1.0, "seed", 11));
        String full = text(complete(request));
        int at = 3;
        while (at + 2 <= full.length() && !(full.charAt(at) < 0x7f && full.charAt(at + 1) < 0x7f)) {
            at++;
        }
        assertThat(at + 2).as("an ASCII pair to stop at in '%s'", full).isLessThanOrEqualTo(full.length());
        String stop = full.substring(at, at + 2);
        request.put("stop", stop);
        JsonNode stopped = json(complete(request));
        String text = stopped.get("choices").get(0).get("text").asText();
        assertThat(text).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(stopped.get("choices").get(0).get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void scoreReturnsBitsPerByte() {
        awaitModels();
        given().contentType(ContentType.JSON).body(Map.of("model", "legal", "text", "The court held that the contract was void."))
                .post("/v1/score")
                .then().statusCode(200)
                .header("X-Model-Version", "legal@1")
                .body("model", equalTo("legal"))
                .body("version", equalTo("legal@1"))
                .body("bytes", equalTo(42))
                .body("tokens", greaterThan(0))
                .body("bitsPerByte", greaterThan(0f));
        // Longer than the 64-token context: scored in windows, still one number.
        String longText = "The parties agreed to arbitration and the court held the contract void. ".repeat(20);
        given().contentType(ContentType.JSON).body(Map.of("model", "finance", "text", longText)).post("/v1/score")
                .then().statusCode(200).header("X-Model-Version", "general@1")
                .body("bytes", equalTo(longText.length())).body("tokens", greaterThan(64));
    }

    @Test
    void scoreLimits() {
        awaitModels();
        given().contentType(ContentType.JSON).body(Map.of("model", "legal", "text", "")).post("/v1/score")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].pointer", equalTo("/text"));
        given().contentType(ContentType.JSON).body(Map.of("model", "legal", "text", "x".repeat(70_000))).post("/v1/score")
                .then().statusCode(400).body("detail", containsString("max-score-chars"));
        given().contentType(ContentType.JSON).body(Map.of("text", "abc")).post("/v1/score")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/model"));
    }

    @Test
    void limitsAnswerProblemJson() {
        awaitModels();
        complete(Map.of("model", "legal", "prompt", "x", "max_tokens", 10_000))
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid request")).body("errors[0].pointer", equalTo("/max_tokens"))
                .body("detail", containsString("max-tokens-limit"));
        complete(Map.of("model", "legal", "prompt", "x", "max_tokens", 0)).then().statusCode(400);
        complete(Map.of("model", "legal", "prompt", "x".repeat(9000)))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/prompt"));
        complete(Map.of("model", "legal", "prompt", "x", "temperature", 5)).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/temperature"));
        complete(Map.of("model", "legal", "prompt", "x", "top_p", 0)).then().statusCode(400);
        complete(Map.of("model", "legal", "prompt", "x", "n", 2)).then().statusCode(400).body("errors[0].pointer", equalTo("/n"));
        complete(Map.of("model", "legal", "prompt", "x", "stop", List.of("a", "b", "c", "d", "e"))).then().statusCode(400);
        complete(Map.of("prompt", "x")).then().statusCode(400).body("errors[0].pointer", equalTo("/model"));
        complete(Map.of("model", "le gal", "prompt", "x")).then().statusCode(400).body("errors[0].pointer", equalTo("/model"));
        complete(Map.of("model", "legal", "prompt", List.of("a", "b"))).then().statusCode(400);
        // several problems at once are all reported
        complete(Map.of("model", "legal", "prompt", "x", "max_tokens", -1, "top_p", 2))
                .then().statusCode(400).body("errors.pointer", hasItems("/max_tokens", "/top_p"));
    }

    @Test
    void malformedRequestsAnswerProblemJson() {
        given().contentType(ContentType.JSON).body("{\"model\": \"legal\", \"prompt\":").post("/v1/completions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed request")).body("detail", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).body("{\"model\": \"legal\", \"max_tokens\": \"many\"}").post("/v1/completions")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("max_tokens"));
        given().contentType(ContentType.JSON).body("").post("/v1/completions")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("hello").post("/v1/completions")
                .then().statusCode(415).contentType("application/problem+json");
        given().get("/v1/completions").then().statusCode(405).contentType("application/problem+json");
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void modelListHasVersionsLineageAndMetrics() {
        awaitModels();
        Response list = given().get("/v1/models");
        list.then().statusCode(200).body("object", equalTo("list"));
        JsonNode data = json(list).get("data");
        JsonNode legal = find(data, "legal");
        assertThat(legal.get("object").asText()).isEqualTo("model");
        assertThat(legal.get("version").asText()).isEqualTo("legal@1");
        assertThat(legal.get("parent").asText()).isEqualTo("general@1");
        assertThat(legal.get("active").asBoolean()).isTrue();
        assertThat(legal.get("metrics").get("domainBitsPerByteAfter").asDouble()).isGreaterThan(0);
        assertThat(legal.get("sha256").asText()).hasSize(64);
        assertThat(find(data, "general").get("version").asText()).isEqualTo("general@1");
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        awaitModels();
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        String ready = given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")).extract().asString();
        assertThat(ready).contains("Reactive Messaging").contains("Database connections").contains("served-models");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("specialist_serving_swaps_total"))
                .body(containsString("specialist_serving_inference_running"));
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/completions")).body(containsString("/v1/score"))
                .body(containsString("/admin/models/{domain}/rollback"));
    }

    static String text(Response response) {
        response.then().statusCode(200);
        return json(response).get("choices").get(0).get("text").asText();
    }

    static JsonNode json(Response response) {
        return json(response.asString());
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static JsonNode find(JsonNode data, String id) {
        for (JsonNode entry : data) {
            if (entry.get("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no model with id " + id + " in " + data);
    }
}
