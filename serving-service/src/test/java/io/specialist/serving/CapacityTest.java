package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.specialist.serving.support.PrometheusScrape;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.testing.H2Profile;
import io.specialist.testing.KafkaBrokerResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Overload: the test profile allows 2 running and 4 waiting inferences; a burst of 12 long completions
 * gets 200s for what fits and 503 + Retry-After for the rest, and the service stays healthy.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
class CapacityTest {

    @Test
    void burstBeyondCapacityGets503WithRetryAfterAndNothingElseFails() throws Exception {
        CompletionResourceTest.awaitModels();
        double rejectedBefore = PrometheusScrape.value("specialist_serving_requests_rejected_total");
        int burst = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(burst);
        List<Future<Response>> responses = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            long seed = i;
            responses.add(clients.submit(() -> {
                start.await();
                return given().contentType(ContentType.JSON)
                        .body(Map.of("model", "general", "prompt", "Busy", "max_tokens", 256, "temperature", 1.0, "seed", seed))
                        .post("/v1/completions");
            }));
        }
        start.countDown();
        int ok = 0;
        int busy = 0;
        for (Future<Response> f : responses) {
            Response r = f.get(120, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
                assertThat(r.header("Retry-After")).isEqualTo("1");
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.jsonPath().getString("title")).isEqualTo("Server busy");
                busy++;
            }
        }
        clients.shutdown();
        assertThat(busy).as("requests beyond 2 running + 4 waiting were turned away").isGreaterThanOrEqualTo(1);
        assertThat(ok).as("what fits is served").isGreaterThanOrEqualTo(2);
        assertThat(ok + busy).isEqualTo(burst);
        assertThat(PrometheusScrape.value("specialist_serving_requests_rejected_total")).isEqualTo(rejectedBefore + busy);
        given().get("/q/health/ready").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("model", "general", "prompt", "x", "max_tokens", 2))
                .post("/v1/completions").then().statusCode(200);
    }
}
