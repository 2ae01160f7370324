package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.FeedbackSubmitted;
import io.specialist.events.RatingScale;
import io.specialist.events.Topics;
import io.specialist.serving.feedback.CompletionLogContract;
import io.specialist.serving.feedback.CompletionLogRepository;
import io.specialist.serving.support.PrometheusScrape;
import io.specialist.serving.support.Sse;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/feedback} over real completions of real ONNX Runtime sessions, to a real broker: a
 * completion rated by its id reaches {@code specialist.feedback} with the model version, prompt and text it
 * stands for; bad feedback gets problem+json and sends nothing.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
class FeedbackResourceTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Inject
    CompletionLogRepository stored;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static io.restassured.response.Response feedback(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/feedback");
    }

    private static JsonPath completion(String prompt, long seed) {
        Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> given().contentType(ContentType.JSON)
                .body(Map.of("model", "legal", "prompt", "x", "max_tokens", 1)).post("/v1/completions").statusCode() == 200);
        return given().contentType(ContentType.JSON)
                .body(Map.of("model", "legal", "prompt", prompt, "max_tokens", 6, "seed", seed))
                .post("/v1/completions").then().statusCode(200).extract().jsonPath();
    }

    /** The feedback events on the topic whose expert is {@code expert}, with their CloudEvents type checked. */
    private List<FeedbackSubmitted> sent(String expert, int atLeast) {
        List<ConsumerRecord<String, String>> records = TestKafka.consume(broker.bootstrapServers(), Topics.FEEDBACK,
                atLeast, Duration.ofSeconds(30), r -> r.value().contains("\"expert\":\"" + expert + "\""));
        records.forEach(r -> {
            assertThat(CloudEventHeaders.readFrom(r.headers()).type()).isEqualTo(Topics.TYPE_FEEDBACK_SUBMITTED);
            assertThat(r.key()).isEqualTo("legal");
        });
        return records.stream().map(r -> EventCodec.fromJson(r.value(), FeedbackSubmitted.class)).toList();
    }

    @Test
    void aCompletionRatedByIdReachesTheTopicWithItsModelPromptAndText() {
        String expert = "expert-" + UUID.randomUUID();
        JsonPath done = completion("The court held that", 5);
        String id = done.getString("id");

        // rated at once (still waiting in memory) and again after the writer stored it in the database
        feedback(Map.of("completionId", id, "rating", 1, "expert", expert)).then().statusCode(202)
                .body("model", equalTo("legal@1")).body("domain", equalTo("legal"))
                .body("scale", equalTo("thumbs")).body("normalizedRating", equalTo(1.0f));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stored.find(id).isPresent());
        feedback(Map.of("completionId", id, "rating", 2, "expert", expert, "preferred", "The court held the contract void."))
                .then().statusCode(202).body("scale", equalTo("stars")).body("normalizedRating", equalTo(-0.5f))
                .body("preferred", equalTo(true));

        List<FeedbackSubmitted> events = sent(expert, 2);
        assertThat(events).hasSize(2);
        for (FeedbackSubmitted e : events) {
            assertThat(e.completionId()).isEqualTo(id);
            assertThat(e.model()).isEqualTo("legal@1");
            assertThat(e.prompt()).isEqualTo("The court held that");
            assertThat(e.completion()).isEqualTo(done.getString("choices[0].text"));
        }
        assertThat(events.get(0).scale()).isEqualTo(RatingScale.THUMBS);
        assertThat(events.get(1).normalizedRating()).isEqualTo(-0.5);
        assertThat(events.get(1).preferred()).isEqualTo("The court held the contract void.");
        assertThat(PrometheusScrape.value("specialist_serving_feedback_total", "outcome=\"accepted\"")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theCompletionLogStoresEachCompletionOnceAndPurgesOldOnes() {
        CompletionLogContract.storesEachCompletionOnceAndPurgesOldOnes(stored);
    }

    @Test
    void aStreamedCompletionCanBeRatedByItsIdToo() {
        String expert = "expert-" + UUID.randomUUID();
        completion("warm", 1);
        String body = given().contentType(ContentType.JSON)
                .body(Map.of("model", "legal", "prompt", "The parties agreed", "max_tokens", 5, "seed", 9, "stream", true))
                .post("/v1/completions").then().statusCode(200).extract().asString();
        List<String> chunks = Sse.data(body);
        String id = JsonPath.from(chunks.get(0)).getString("id");
        StringBuilder text = new StringBuilder();
        chunks.stream().filter(c -> !c.equals("[DONE]")).forEach(c -> text.append(JsonPath.from(c).getString("choices[0].text")));

        feedback(Map.of("completionId", id, "rating", 1, "scale", "stars", "expert", expert)).then().statusCode(202)
                .body("normalizedRating", equalTo(-1.0f));
        FeedbackSubmitted e = sent(expert, 1).get(0);
        assertThat(e.prompt()).isEqualTo("The parties agreed");
        assertThat(e.completion()).isEqualTo(text.toString());
    }

    @Test
    void feedbackWithoutACompletionIdCarriesTheGivenTriple() {
        String expert = "expert-" + UUID.randomUUID();
        feedback(Map.of("model", "legal@7", "prompt", "Define tort:", "completion", "a wrong", "rejected", "a cake",
                "expert", expert)).then().statusCode(202).body("model", equalTo("legal@7")).body("rejected", equalTo(true));
        FeedbackSubmitted e = sent(expert, 1).get(0);
        assertThat(e.completionId()).isNull();
        assertThat(e.rating()).isNull();
        assertThat(e.completion()).isEqualTo("a wrong");
        assertThat(e.rejected()).isEqualTo("a cake");
    }

    @Test
    void badFeedbackGetsProblemJsonAndSendsNothing() {
        String expert = "expert-" + UUID.randomUUID();
        feedback(Map.of("completionId", "cmpl-nothing", "rating", 1, "expert", expert)).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("send 'model', 'prompt' and 'completion'"));
        feedback(Map.of("model", "legal", "prompt", "p", "completion", "c", "rating", 0, "expert", expert))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/rating")).body("errors[0].detail", containsString("rating must be -1 or 1"));
        feedback(Map.of("model", "legal", "prompt", "p", "completion", "c", "rating", 3, "scale", "thumbs", "expert", expert))
                .then().statusCode(400).body("errors[0].detail", containsString("a thumbs rating is -1 or 1, got 3"));
        feedback(Map.of("model", "legal", "prompt", "p", "completion", "c", "expert", expert))
                .then().statusCode(400).body("errors[0].detail", containsString("give a 'rating'"));
        feedback(Map.of("model", "Not A Domain!", "prompt", "p", "completion", "c", "rating", 1, "expert", expert))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/model"));
        feedback(Map.of("prompt", "p", "rating", 1, "expert", expert))
                .then().statusCode(400).body("errors[0].detail", containsString("give 'completionId', or all of"));
        Map<String, Object> both = new HashMap<>(Map.of("completionId", "cmpl-x", "model", "legal", "prompt", "p",
                "completion", "c", "rating", 1, "expert", expert));
        feedback(both).then().statusCode(400).body("errors[0].detail", containsString("not both"));
        feedback(Map.of("model", "legal", "prompt", "p", "completion", "c", "preferred", " ", "expert", expert))
                .then().statusCode(400).body("errors[0].pointer", equalTo("/preferred"));
        given().contentType(ContentType.JSON).body("{\"rating\": ").post("/v1/feedback").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).post("/v1/feedback").then().statusCode(400)
                .contentType("application/problem+json");

        // one partition per domain keeps order: had anything above been sent, it would come before this one
        feedback(Map.of("model", "legal", "prompt", "p", "completion", "sentinel", "rating", 1, "expert", expert))
                .then().statusCode(202);
        assertThat(sent(expert, 1)).extracting(FeedbackSubmitted::completion).containsExactly("sentinel");
        assertThat(PrometheusScrape.value("specialist_serving_feedback_total", "outcome=\"invalid\"")).isGreaterThanOrEqualTo(7);
    }
}
