package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.specialist.testing.H2Profile;
import io.specialist.serving.support.InjectTrainerRegistry;
import io.specialist.serving.support.TestModels;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.serving.support.TrainerRegistryServer;
import io.specialist.testing.KafkaBrokerResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/route} and {@code model: "auto"} over real ONNX Runtime sessions: the registry's general@1
 * and legal@1 (the same trained weights) plus {@code noise@1}, an untrained model that knows nothing, which an
 * administrator activates. Routing must rank noise last; general and legal score the same bits per byte, and
 * the base model wins by its routing margin.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
class RouteResourceTest {

    static final String ENGLISH = "The committee said that the report was published in the morning papers.";
    static final String BASE = TrainerRegistryResource.BASE;
    static final String NOISE = "noise@1";

    @InjectTrainerRegistry
    TrainerRegistryServer registry;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static JsonPath route(String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text)).post("/v1/route")
                .then().statusCode(200).extract().jsonPath();
    }

    void awaitModels() {
        Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> given().contentType(ContentType.JSON)
                .body(Map.of("text", ENGLISH)).post("/v1/route").statusCode() == 200);
        if (given().get("/v1/models").then().extract().jsonPath()
                .getList("data.domain").contains("noise")) {
            return;
        }
        registry.add(NOISE, BASE, TestModels.random(NOISE, 7));
        given().header("Authorization", "Bearer test-admin-token").post("/admin/models/noise/activate/" + NOISE)
                .then().statusCode(200);
    }

    @Test
    void rankingListsEveryActiveModelBestFirstAndTheTrainedExpertWins() {
        awaitModels();
        JsonPath r = route(ENGLISH);
        List<Map<String, Object>> ranking = r.getList("ranking");
        assertThat(ranking).extracting(m -> m.get("domain")).contains("general", "legal", "noise");
        for (int i = 1; i < ranking.size(); i++) {
            assertThat(r.getDouble("ranking[" + i + "].routingScore"))
                    .isGreaterThanOrEqualTo(r.getDouble("ranking[" + (i - 1) + "].routingScore"));
        }
        assertThat(r.getString("ranking[" + (ranking.size() - 1) + "].domain")).isEqualTo("noise");
        assertThat(r.getDouble("ranking[0].bitsPerByte")).isPositive()
                .isLessThan(r.getDouble("ranking[" + (ranking.size() - 1) + "].bitsPerByte"));
        assertThat(r.getString("domain")).isEqualTo(r.getString("ranking[0].domain")).isEqualTo("general");
        // same weights, same bits per byte: the base keeps the text by the default margin of 2 %
        assertThat(r.getString("ranking[1].domain")).isEqualTo("legal");
        assertThat(r.getDouble("ranking[1].bitsPerByte")).isCloseTo(r.getDouble("ranking[0].bitsPerByte"), within(1e-5));
        assertThat(r.getDouble("ranking[0].routingScore")).isCloseTo(r.getDouble("ranking[0].bitsPerByte") * 0.98, within(1e-5));
        assertThat(r.getDouble("ranking[1].routingScore")).isEqualTo(r.getDouble("ranking[1].bitsPerByte"));
        assertThat(r.getString("version")).isEqualTo(BASE);
        assertThat(r.getInt("ranking[0].bytes")).isEqualTo(ENGLISH.length());

        // the scores are the ones /v1/score gives for each model
        for (int i = 0; i < ranking.size(); i++) {
            double score = given().contentType(ContentType.JSON)
                    .body(Map.of("model", r.getString("ranking[" + i + "].version"), "text", ENGLISH)).post("/v1/score")
                    .then().statusCode(200).extract().jsonPath().getDouble("bitsPerByte");
            assertThat(score).isCloseTo(r.getDouble("ranking[" + i + "].bitsPerByte"),
                    org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void autoCompletionsAndScoresRunOnTheRoutedModel() {
        awaitModels();
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "auto", "prompt", ENGLISH, "max_tokens", 4, "seed", 1))
                .post("/v1/completions").then().statusCode(200)
                .header("X-Model-Version", BASE)
                .body("model", equalTo(BASE));
        given().contentType(ContentType.JSON).body(Map.of("model", "auto", "text", ENGLISH)).post("/v1/score")
                .then().statusCode(200)
                .header("X-Model-Version", BASE)
                .body("model", equalTo("auto"))
                .body("version", equalTo(BASE));
        // an empty prompt has nothing to route on: the base model answers
        given().contentType(ContentType.JSON).body(Map.of("model", "auto", "max_tokens", 2, "seed", 1))
                .post("/v1/completions").then().statusCode(200)
                .header("X-Model-Version", BASE);
    }

    @Test
    void badRouteRequestsAnswerProblemJson() {
        awaitModels();
        given().contentType(ContentType.JSON).body(Map.of("text", "")).post("/v1/route").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("text is required"));
        given().contentType(ContentType.JSON).body("{}").post("/v1/route").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("not json").post("/v1/route").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void modelListReportsMemoryPerServedModel() {
        awaitModels();
        JsonPath list = given().get("/v1/models").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> data = list.getList("data");
        assertThat(data).extracting(m -> m.get("domain")).contains("general", "legal", "noise");
        for (int i = 0; i < data.size(); i++) {
            assertThat(list.getLong("data[" + i + "].memory.bytes")).isGreaterThan(10_000L);
            assertThat(list.getLong("data[" + i + "].memory.loadMillis")).isGreaterThanOrEqualTo(0L);
        }
    }
}
