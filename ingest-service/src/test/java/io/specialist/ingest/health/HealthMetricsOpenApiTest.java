package io.specialist.ingest.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.testing.H2Profile;
import io.specialist.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** Foundation endpoints: health (ready covers Kafka, the database and the relay), metrics, OpenAPI. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
class HealthMetricsOpenApiTest {

    @Test
    void liveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check",
                        "SmallRye Reactive Messaging - readiness check", "outbox relay"))
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data",
                        org.hamcrest.Matchers.hasKey("documents-raw"));
    }

    @Test
    void prometheusMetrics() {
        given().contentType("application/json").body("{\"domain\":\"metrics-check\",\"text\":\"counted\"}")
                .post("/v1/documents").then().statusCode(202);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("specialist_ingest_submissions_total{channel=\"rest\""))
                .body(containsString("specialist_ingest_outbox_published_total"))
                .body(containsString("kafka_consumer"));
    }

    @Test
    void openApi() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/documents")).body(containsString("/v1/domains"));
    }
}
