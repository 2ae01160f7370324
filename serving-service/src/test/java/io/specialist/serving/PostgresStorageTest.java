package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.serving.feedback.CompletionLogContract;
import io.specialist.serving.feedback.CompletionLogRepository;
import io.specialist.serving.repository.ModelPinRepository;
import io.specialist.serving.service.SwapManager;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.PostgresProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Serving's tables (Flyway migrations) on PostgreSQL: pins and the completion log; H2 when the machine runs no PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(TrainerRegistryResource.class)
class PostgresStorageTest {

    @Inject
    ModelPinRepository pins;
    @Inject
    SwapManager swaps;
    @Inject
    CompletionLogRepository completions;

    @Test
    void activatePersistsAPinThatReconcileFollowsAndUnpinRemovesIt() {
        CompletionResourceTest.awaitModels();
        given().header("Authorization", HotSwapTest.TOKEN).post("/admin/models/legal/activate/legal@1")
                .then().statusCode(200).body("active", equalTo("legal@1")).body("pinned", equalTo(true));
        assertThat(pins.pins()).containsEntry("legal", "legal@1");
        swaps.reconcile();
        assertThat(HotSwapTest.served("legal")).isEqualTo("legal@1");
        given().get("/v1/models").then().statusCode(200).body("data.find { it.id == 'legal' }.pinned", equalTo(true));
        given().header("Authorization", HotSwapTest.TOKEN).delete("/admin/models/legal/pin")
                .then().statusCode(200).body("pinned", equalTo(false));
        assertThat(pins.pinnedVersion("legal")).isEmpty();
    }

    @Test
    void theCompletionLogStoresEachCompletionOnceAndPurgesOldOnes() {
        CompletionLogContract.storesEachCompletionOnceAndPurgesOldOnes(completions);
    }
}
