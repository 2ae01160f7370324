package io.specialist.trainer.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.FeedbackSubmitted;
import io.specialist.events.Topics;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.TestKafka;
import io.specialist.model.preference.PreferencePair;
import io.specialist.trainer.pipeline.HttpPairSource;
import io.specialist.trainer.support.FakeIngestResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Expert feedback end to end on a tiny model: events on Kafka are stored once (malformed ones skipped without
 * blocking), become explicit and rating pairs with a stable split, and enough new pairs queue a preference job
 * by themselves. The job trains DPO against the parent on a preference that depends on the prompt ("...A?"
 * prefers " yes.", "...B?" prefers " no."), passes the gate and is published with its pair metrics; a second
 * job, asked for over the API, cannot improve on that parent and is rejected.
 */
@QuarkusTest
@TestProfile(PreferenceProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreferenceJobTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final String DOMAIN = FakeIngestResource.DOMAIN;
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(240);

    @InjectKafkaBroker
    KafkaBroker broker;

    @TestHTTPResource("/")
    java.net.URL trainerUrl;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    @Order(1)
    void feedbackIsStoredOnceAndBecomesExplicitAndRatingPairs() {
        // bad records first: none of them may block the good ones behind them
        send("{not json", "bad-1");
        send("{\"model\":\"" + DOMAIN + "\",\"prompt\":\"p\",\"completion\":\"c\",\"rating\":7,"
                + "\"submittedAt\":\"2026-11-26T00:00:00Z\"}", "bad-2");
        send(EventCodec.toJsonString(new FeedbackSubmitted(Events.SCHEMA_VERSION, "cmpl-1", null, null, null, 1.0,
                null, null, null, Instant.now())), "bad-3");
        // an explicit pair, sent twice with the same ce_id (a redelivery)
        FeedbackSubmitted explicit = new FeedbackSubmitted(Events.SCHEMA_VERSION, null, DOMAIN + "@1",
                "What is a compiler?", "A program.", null, "A program that translates source code into machine code.",
                "A kind of fish.", "ada", Instant.now());
        send(EventCodec.toJsonString(explicit), "explicit-1");
        send(EventCodec.toJsonString(explicit), "explicit-1");
        // three rated completions of one prompt: two rating pairs per ordered difference
        send(rated("Define RAM.", "Random-access memory, the working memory of a computer.", 5), "r-1");
        send(rated("Define RAM.", "A male sheep.", -1.0), "r-2");
        send(rated("Define RAM.", "Memory.", 3), "r-3");

        JsonPath stats = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().when().get("/v1/feedback/stats?domain=" + DOMAIN).then().statusCode(200)
                        .extract().jsonPath(), s -> s.getInt("feedback") == 4);
        assertThat(stats.getInt("rated")).isEqualTo(3);
        assertThat(stats.getInt("explicitPairs")).isEqualTo(1);
        assertThat(stats.getInt("ratingPairs")).isEqualTo(3);
        assertThat(stats.getInt("pairs")).isEqualTo(4);
        assertThat(stats.getInt("newPairs")).isEqualTo(4);
        assertThat(stats.getInt("minPairs")).isEqualTo(PreferenceProfile.MIN_PAIRS);

        String ndjson = given().when().get("/v1/feedback/pairs?domain=" + DOMAIN).then().statusCode(200)
                .contentType("application/x-ndjson").extract().asString();
        List<JsonPath> pairs = Arrays.stream(ndjson.split("\n")).map(JsonPath::from).toList();
        assertThat(pairs).hasSize(4);
        assertThat(pairs).anySatisfy(p -> {
            assertThat(p.getString("source")).isEqualTo("explicit");
            assertThat(p.getString("chosen")).startsWith("A program that translates");
            assertThat(p.getString("rejected")).isEqualTo("A kind of fish.");
            assertThat(p.getString("split")).isEqualTo(PairSplit.of(DOMAIN, "What is a compiler?"));
        });
        assertThat(pairs).filteredOn(p -> p.getString("source").equals("ratings"))
                .extracting(p -> p.getString("chosen") + " > " + p.getString("rejected"))
                .containsExactlyInAnyOrder("Random-access memory, the working memory of a computer. > Memory.",
                        "Random-access memory, the working memory of a computer. > A male sheep.",
                        "Memory. > A male sheep.");
        String split = PairSplit.of(DOMAIN, "Define RAM.");
        String other = split.equals("train") ? "heldout" : "train";
        assertThat(given().when().get("/v1/feedback/pairs?domain=" + DOMAIN + "&split=" + split).then().statusCode(200)
                .extract().asString().lines().filter(l -> l.contains("Define RAM.")).count()).isEqualTo(3);
        assertThat(given().when().get("/v1/feedback/pairs?domain=" + DOMAIN + "&split=" + other).then().statusCode(200)
                .extract().asString()).doesNotContain("Define RAM.");

        given().when().get("/q/metrics").then()
                .body(containsString("specialist_trainer_feedback_events_total{outcome=\"malformed\"} 3.0"))
                .body(containsString("specialist_trainer_feedback_events_total{outcome=\"duplicate\"} 1.0"));
        given().when().get("/v1/feedback/pairs").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'domain'"));
        given().when().get("/v1/feedback/pairs?domain=" + DOMAIN + "&split=test").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("split 'test'"));
        // below min-pairs: no preference job yet
        assertThat(given().when().get("/v1/jobs?domain=" + DOMAIN).then().extract().jsonPath().getList("id")).isEmpty();
    }

    @Test
    @Order(2)
    void enoughNewPairsQueueAPreferenceJobThatLearnsThePreferenceAndIsPublished() {
        // exactly enough to reach min-pairs with the 4 pairs above: the job is queued by the last one, so it
        // reads every pair (nothing arrives after it started)
        for (FeedbackSubmitted f : learnablePairs(PreferenceProfile.MIN_PAIRS - 4, 11)) {
            send(EventCodec.toJsonString(f), null);
        }
        String jobId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().when().get("/v1/jobs?domain=" + DOMAIN).then().extract().jsonPath()
                        .<String>getList("id"), l -> !l.isEmpty()).get(0);
        JsonPath job = awaitFinished(jobId);
        assertThat(job.getString("kind")).isEqualTo("preference");
        assertThat(job.getString("trigger.source")).isEqualTo("feedback");
        assertThat(job.getInt("trigger.detail.newPairs")).isGreaterThanOrEqualTo(PreferenceProfile.MIN_PAIRS);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("succeeded");
        assertThat(job.getString("parent")).isEqualTo("general@1");
        assertThat(job.getDouble("config.preference.beta")).isEqualTo(0.5);
        double before = job.getDouble("metrics.pairAccuracyBefore");
        double after = job.getDouble("metrics.pairAccuracyAfter");
        assertThat(after - before).as(job.prettify()).isGreaterThanOrEqualTo(0.05);
        assertThat(job.getDouble("metrics.pairMarginAfter")).isGreaterThan(job.getDouble("metrics.pairMarginBefore"));
        assertThat(job.getDouble("metrics.generalRegression")).isLessThanOrEqualTo(0.02);
        assertThat(job.getDouble("metrics.domainRegression")).isLessThanOrEqualTo(0.02);
        assertThat(job.getString("reason")).contains("held-out pair accuracy").contains("published " + DOMAIN + "@1");

        JsonPath manifest = given().when().get("/v1/models/" + DOMAIN + "@1").then().statusCode(200)
                .body("parent", equalTo("general@1"))
                .body("jobId", equalTo(jobId))
                .extract().jsonPath();
        assertThat(manifest.getDouble("metrics.pairAccuracyAfter")).isEqualTo(after);
        assertThat(manifest.getDouble("metrics.pairAccuracyBefore")).isEqualTo(before);
        assertThat(manifest.getInt("dataWindow.trainPairs") + manifest.getInt("dataWindow.heldoutPairs"))
                .isEqualTo(given().when().get("/v1/feedback/stats?domain=" + DOMAIN).then().extract().path("pairs"));
        // the pairs it trained on are no longer new
        given().when().get("/v1/feedback/stats?domain=" + DOMAIN).then().body("newPairs", equalTo(0))
                .body("lastPreferenceJob", equalTo(jobId));
    }

    @Test
    @Order(3)
    void aPreferenceJobThatCannotImprovePairAccuracyIsRejected() {
        String jobId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"kind\":\"preference\",\"steps\":1}")
                .when().post("/v1/jobs").then().statusCode(202)
                .body("job.kind", equalTo("preference"))
                .extract().path("job.id");
        JsonPath job = awaitFinished(jobId);
        assertThat(job.getString("state")).as(job.prettify()).isEqualTo("rejected");
        assertThat(job.getString("parent")).isEqualTo(DOMAIN + "@1");
        assertThat(job.getString("reason")).contains("held-out pair accuracy").contains("need >= 0.050");
        assertThat(job.getDouble("metrics.pairAccuracyGain")).isLessThan(0.05);
        given().when().get("/v1/models/" + DOMAIN + "@2").then().statusCode(404);

        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"domain\":\"" + DOMAIN + "\",\"kind\":\"dpo\"}")
                .when().post("/v1/jobs").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("kind 'dpo' is not one of"));
    }

    @Test
    @Order(4)
    void aKubernetesJobReadsTheSamePairsOverHttp() {
        JsonPath stats = given().when().get("/v1/feedback/stats?domain=" + DOMAIN).then().extract().jsonPath();
        HttpPairSource http = new HttpPairSource(trainerUrl.toString(), Duration.ofSeconds(10));
        List<PreferencePair> train = http.pairs(DOMAIN, "train", 20000);
        List<PreferencePair> heldout = http.pairs(DOMAIN, "heldout", 20000);
        assertThat(train).hasSize(stats.getInt("trainPairs"));
        assertThat(heldout).hasSize(stats.getInt("heldoutPairs"));
        assertThat(http.pairs(DOMAIN, "train", 2)).containsExactlyElementsOf(train.subList(train.size() - 2, train.size()));
        assertThat(PairSplit.of(DOMAIN, "What is a compiler?").equals("train") ? train : heldout)
                .contains(new PreferencePair("What is a compiler?",
                        "A program that translates source code into machine code.", "A kind of fish."));
        assertThat(train).doesNotContainAnyElementsOf(heldout);
    }

    /** Questions ending "A?" prefer " yes.", those ending "B?" prefer " no.": learnable only from the prompt. */
    static List<FeedbackSubmitted> learnablePairs(int n, long seed) {
        String[] words = {"kernel", "buffer", "socket", "thread", "cache", "pointer", "compiler", "shell", "packet",
                "router", "driver", "stack", "queue", "module", "server", "client"};
        SplittableRandom random = new SplittableRandom(seed);
        List<FeedbackSubmitted> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = "Q" + i + ": " + words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " "
                    + words[random.nextInt(words.length)] + (i % 2 == 0 ? " A?" : " B?");
            String yes = " yes.";
            String no = " no.";
            out.add(new FeedbackSubmitted(Events.SCHEMA_VERSION, null, DOMAIN, prompt, i % 2 == 0 ? no : yes, null,
                    i % 2 == 0 ? yes : no, null, "test-expert", Instant.now()));
        }
        return out;
    }

    static String rated(String prompt, String completion, double rating) {
        return EventCodec.toJsonString(new FeedbackSubmitted(Events.SCHEMA_VERSION, null, DOMAIN, prompt, completion,
                rating, null, null, null, Instant.now()));
    }

    void send(String payload, String ceId) {
        CloudEventHeaders ce = CloudEventHeaders.create(Topics.TYPE_FEEDBACK_SUBMITTED, "/test");
        if (ceId != null) {
            ce = new CloudEventHeaders(ceId, ce.type(), ce.source(), ce.time());
        }
        Headers headers = ce.toKafkaHeaders();
        TestKafka.send(broker.bootstrapServers(), Topics.FEEDBACK, DOMAIN, payload, headers);
    }

    static JsonPath awaitFinished(String jobId) {
        return await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath(),
                        j -> List.of("succeeded", "rejected", "failed").contains(j.getString("state")));
    }
}
