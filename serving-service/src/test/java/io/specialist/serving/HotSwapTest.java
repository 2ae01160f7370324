package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.serving.client.TrainerClient;
import io.specialist.serving.repository.ModelPinRepository;
import io.specialist.serving.service.LoadedModel;
import io.specialist.serving.service.KnownVersions;
import io.specialist.serving.service.ModelCatalog;
import io.specialist.serving.service.SwapManager;
import io.specialist.serving.support.InjectTrainerRegistry;
import io.specialist.serving.support.PrometheusScrape;
import io.specialist.serving.support.Sse;
import io.specialist.serving.support.TestModels;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.serving.support.TrainerRegistryServer;
import io.specialist.serving.support.TrainerRegistryServer.Entry;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The swap path end to end: {@code models.published} records produced to the real Kafka broker,
 * artifacts fetched over HTTP from a registry server, real ONNX Runtime sessions, and requests running
 * the whole time. Ordered: each step builds on the versions the previous one published.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotSwapTest {

    static final String DOMAIN = "medical";
    static final String TOKEN = "Bearer test-admin-token";

    @InjectKafkaBroker
    KafkaBroker broker;
    @InjectTrainerRegistry
    TrainerRegistryServer registry;
    @Inject
    ModelCatalog catalog;
    @Inject
    SwapManager swaps;
    @Inject
    KnownVersions known;
    @Inject
    ModelPinRepository pins;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    Entry add(int number) {
        String version = DOMAIN + "@" + number;
        return registry.add(version, number == 1 ? TrainerRegistryResource.BASE : DOMAIN + "@" + (number - 1),
                TestModels.onnx(version));
    }

    void publish(Entry entry) {
        produce(EventCodec.toJsonString(registry.event(entry)));
    }

    void produce(String value) {
        TestKafka.send(broker.bootstrapServers(), Topics.MODELS_PUBLISHED, DOMAIN, value,
                CloudEventHeaders.create(Topics.TYPE_MODEL_PUBLISHED, "/trainer").toKafkaHeaders());
    }

    static String served(String model) {
        Response r = given().contentType(ContentType.JSON).body(Map.of("model", model, "prompt", "x", "max_tokens", 1))
                .post("/v1/completions");
        r.then().statusCode(200);
        return r.header("X-Model-Version");
    }

    static void awaitServed(String model, String version) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(served(model)).isEqualTo(version));
    }

    @Test
    @Order(1)
    void publishedRecordIsConsumedFromKafkaAndServed() {
        awaitServed("legal", "legal@1"); // startup loaded the registry
        assertThat(served(DOMAIN)).as("no own model yet: the base serves").isEqualTo("general@1");
        publish(add(1));
        awaitServed(DOMAIN, "medical@1");
    }

    @Test
    @Order(2)
    void swapsUnderConcurrentLoadFailNoRequest() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            boolean streaming = c % 2 == 1;
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    Map<String, Object> body = Map.of("model", DOMAIN, "prompt", "The patient", "max_tokens", 6,
                            "stream", streaming, "seed", 5);
                    Response r = given().contentType(ContentType.JSON).body(body).post("/v1/completions");
                    String text = r.asString();
                    if (r.statusCode() != 200 || (streaming && !Sse.data(text).get(Sse.data(text).size() - 1).equals("[DONE]"))
                            || text.contains("\"error\"")) {
                        failures.add(r.statusCode() + " " + text);
                    } else {
                        ok.incrementAndGet();
                        seen.add(r.header("X-Model-Version"));
                    }
                }
            }));
        }
        LoadedModel second = null;
        for (int n = 2; n <= 6; n++) {
            publish(add(n));
            awaitServed(DOMAIN, DOMAIN + "@" + n);
            if (n == 2) {
                second = catalog.active(DOMAIN).orElseThrow();
            }
        }
        Thread.sleep(300); // some requests on the last version too
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertThat(failures).as("failed requests during 5 swaps").isEmpty();
        assertThat(ok.get()).isGreaterThan(20);
        assertThat(seen).as("requests were served by several versions").hasSizeGreaterThanOrEqualTo(3).contains("medical@6");
        // active + 2 kept; older sessions are closed once their last request finished
        assertThat(catalog.loadedVersions().stream().filter(m -> m.domain().equals(DOMAIN)).map(m -> m.version().toString()))
                .containsExactly("medical@6", "medical@5", "medical@4");
        LoadedModel evicted = second;
        await().atMost(Duration.ofSeconds(10)).until(() -> evicted.handle().isClosed());
    }

    @Test
    @Order(3)
    void corruptOrBrokenArtifactsAreRefusedAndTheOldModelKeepsServing() {
        double checksum = PrometheusScrape.value("specialist_serving_swaps_refused_total", "stage=\"checksum\"");
        double load = PrometheusScrape.value("specialist_serving_swaps_refused_total", "stage=\"load\"");
        double warmup = PrometheusScrape.value("specialist_serving_swaps_refused_total", "stage=\"warmup\"");

        byte[] good = TestModels.onnx("medical@7");
        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 0x5A;
        publish(registry.put("medical@7", "medical@6", TrainerClient.sha256(good), flipped));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                PrometheusScrape.value("specialist_serving_swaps_refused_total", "stage=\"checksum\"") > checksum);

        publish(registry.add("medical@8", "medical@6", "this is not an ONNX model".getBytes()));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                PrometheusScrape.value("specialist_serving_swaps_refused_total", "stage=\"load\"") > load);

        publish(registry.add("medical@9", "medical@6", TestModels.broken("medical@9")));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                PrometheusScrape.value("specialist_serving_swaps_refused_total", "stage=\"warmup\"") > warmup);

        assertThat(served(DOMAIN)).isEqualTo("medical@6");
        assertThat(known.refused()).anyMatch(k -> k.startsWith("medical@7 ")).anyMatch(k -> k.startsWith("medical@9 "));
    }

    @Test
    @Order(4)
    void malformedRecordIsCountedAndTheConsumerGoesOn() {
        double malformed = PrometheusScrape.value("specialist_serving_events_malformed_total");
        produce("{not json");
        produce("{\"version\": \"medical@10\"}"); // required fields missing
        publish(add(10));
        awaitServed(DOMAIN, "medical@10");
        assertThat(PrometheusScrape.value("specialist_serving_events_malformed_total")).isEqualTo(malformed + 2);
    }

    @Test
    @Order(5)
    void adminEndpointsNeedTheBearerToken() {
        given().post("/admin/models/medical/rollback").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong").post("/admin/models/medical/rollback").then().statusCode(401)
                .body("detail", containsString("not the admin token"));
        given().header("Authorization", "Basic dGVzdA==").post("/admin/models/medical/activate/medical@1").then().statusCode(401);
        assertThat(served(DOMAIN)).isEqualTo("medical@10");
    }

    @Test
    @Order(6)
    void rollbackPinsEarlierVersionsSkippingRefusedOnes() {
        given().header("Authorization", TOKEN).post("/admin/models/medical/rollback").then().statusCode(200)
                .body("domain", equalTo(DOMAIN)).body("previous", equalTo("medical@10"))
                .body("active", equalTo("medical@6")).body("pinned", equalTo(true));
        assertThat(served(DOMAIN)).isEqualTo("medical@6");
        assertThat(pins.pinnedVersion(DOMAIN)).contains("medical@6");
        given().header("Authorization", TOKEN).post("/admin/models/medical/rollback").then().statusCode(200)
                .body("active", equalTo("medical@5"));
        assertThat(served(DOMAIN)).isEqualTo("medical@5");
        given().get("/v1/models").then().statusCode(200)
                .body("data.find { it.id == 'medical' }.version", equalTo("medical@5"))
                .body("data.find { it.id == 'medical' }.pinned", equalTo(true))
                .body("data.find { it.id == 'medical' }.latest", equalTo("medical@10"));
    }

    @Test
    @Order(7)
    void aPinnedDomainIgnoresNewVersionsUntilActivatedOrUnpinned() {
        double skipped = PrometheusScrape.value("specialist_serving_swaps_skipped_total", "reason=\"pinned\"");
        publish(add(11));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                PrometheusScrape.value("specialist_serving_swaps_skipped_total", "reason=\"pinned\"") > skipped);
        assertThat(served(DOMAIN)).isEqualTo("medical@5");

        given().header("Authorization", TOKEN).post("/admin/models/medical/activate/medical@11").then().statusCode(200)
                .body("active", equalTo("medical@11")).body("pinned", equalTo(true));
        assertThat(served(DOMAIN)).isEqualTo("medical@11");

        int downloads = registry.artifactDownloads();
        given().header("Authorization", TOKEN).post("/admin/models/medical/activate/medical@1").then().statusCode(200)
                .body("active", equalTo("medical@1"));
        assertThat(registry.artifactDownloads()).as("medical@1 was evicted, so it is fetched again").isEqualTo(downloads + 1);
        assertThat(served(DOMAIN)).isEqualTo("medical@1");

        given().header("Authorization", TOKEN).delete("/admin/models/medical/pin").then().statusCode(200)
                .body("active", equalTo("medical@11")).body("pinned", equalTo(false));
        assertThat(served(DOMAIN)).isEqualTo("medical@11");
        assertThat(pins.pinnedVersion(DOMAIN)).isEmpty();
    }

    @Test
    @Order(8)
    void adminMistakesAnswerProblemJson() {
        given().header("Authorization", TOKEN).post("/admin/models/medical/activate/medical@99").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("medical@99"));
        given().header("Authorization", TOKEN).post("/admin/models/medical/activate/general@1").then().statusCode(400)
                .body("detail", containsString("belongs to domain 'general'"));
        given().header("Authorization", TOKEN).post("/admin/models/medical/activate/latest").then().statusCode(400);
        given().header("Authorization", TOKEN).post("/admin/models/finance/rollback").then().statusCode(409)
                .body("detail", containsString("base model"));
        given().header("Authorization", TOKEN).delete("/admin/models/medical/pin").then().statusCode(404);
        given().header("Authorization", TOKEN).post("/admin/models/medical/activate/medical@7").then().statusCode(422)
                .body("title", equalTo("Model refused")).body("detail", containsString("sha256"));
        assertThat(served(DOMAIN)).isEqualTo("medical@11");
    }

    @Test
    @Order(9)
    void reconcileFollowsAPinSetByAnotherReplica() {
        pins.pin(DOMAIN, "medical@5", "rollback"); // as another replica's admin call would have stored it
        swaps.reconcile();
        assertThat(served(DOMAIN)).isEqualTo("medical@5");
        pins.unpin(DOMAIN);
        swaps.reconcile();
        assertThat(served(DOMAIN)).isEqualTo("medical@11");
    }
}
