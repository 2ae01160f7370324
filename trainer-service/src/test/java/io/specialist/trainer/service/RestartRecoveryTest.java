package io.specialist.trainer.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.events.TrainingEvent;
import io.specialist.events.TrainingState;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restart with jobs left {@code running} by a dead runner: none stays hanging. A job with attempts left is
 * re-queued and runs to the end; one out of attempts fails with the reason; a job of a previous instance on
 * this node is taken over at once; a job whose domain already has a queued successor is superseded by it.
 */
@QuarkusTest
@TestProfile(RestartProfile.class)
class RestartRecoveryTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    private static JsonPath job(String id) {
        return given().when().get("/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitTerminal(String id) {
        return await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> job(id),
                j -> List.of("succeeded", "rejected", "failed").contains(j.getString("state")));
    }

    private List<TrainingEvent> events(String jobId, int atLeast) {
        return TestKafka.consume(broker.bootstrapServers(), Topics.TRAINING_EVENTS, atLeast, Duration.ofSeconds(30),
                        r -> EventCodec.fromJson(r.value(), TrainingEvent.class).jobId().equals(jobId)).stream()
                .map(r -> EventCodec.fromJson(r.value(), TrainingEvent.class)).toList();
    }

    @Test
    void jobsLeftRunningByADeadRunnerAreRequeuedOrFailedNeverLeftHanging() {
        JsonPath exhausted = awaitTerminal(RestartSeedResource.STALE_EXHAUSTED);
        assertThat(exhausted.getString("state")).isEqualTo("failed");
        assertThat(exhausted.getString("reason")).contains("runner lost").contains("dead-node/1a2b3c4d")
                .contains("no attempts left (2 of 2)");

        JsonPath superseded = awaitTerminal(RestartSeedResource.SUPERSEDED);
        assertThat(superseded.getString("state")).isEqualTo("failed");
        assertThat(superseded.getString("reason")).contains("superseded by queued job " + RestartSeedResource.QUEUED_BEHIND);
        assertThat(job(RestartSeedResource.QUEUED_BEHIND).getInt("coalescedTriggers")).isEqualTo(1);

        // re-queued jobs run again: the domain with data trains to a verdict, the one without fails for that
        JsonPath retried = awaitTerminal(RestartSeedResource.STALE_RETRY);
        assertThat(retried.getString("state")).as(retried.prettify()).isIn("succeeded", "rejected");
        assertThat(retried.getInt("attempts")).isEqualTo(2);
        List<TrainingEvent> retriedEvents = events(RestartSeedResource.STALE_RETRY, 3);
        assertThat(retriedEvents).extracting(TrainingEvent::state).startsWith(TrainingState.QUEUED, TrainingState.RUNNING);
        assertThat(retriedEvents.get(0).reason()).contains("re-queued").contains("sent no heartbeat")
                .contains("attempt 1 of 2 lost");

        List<TrainingEvent> sameNode = events(RestartSeedResource.SAME_NODE, 1);
        assertThat(sameNode.get(0).state()).isEqualTo(TrainingState.QUEUED);
        assertThat(sameNode.get(0).reason()).contains("this node restarted");
        JsonPath finance = awaitTerminal(RestartSeedResource.SAME_NODE);
        assertThat(finance.getString("reason")).contains("no training documents");

        assertThat(given().when().get("/v1/jobs?state=running").then().extract().jsonPath().getList("id")).isEmpty();
    }
}
