package io.specialist.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.specialist.drift.support.Api;
import io.specialist.drift.support.InjectUpstream;
import io.specialist.drift.support.Produce;
import io.specialist.drift.support.Upstream;
import io.specialist.drift.support.UpstreamResource;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.PostgresProfile;
import io.specialist.testing.TinyModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same migrations and state handling on PostgreSQL (H2 when the machine has no PostgreSQL running). */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UpstreamResource.class)
class DriftPostgresTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectUpstream
    Upstream upstream;

    @Test
    void newDomainDetectionAndStateArePersisted() {
        String domain = "pg-domain";
        List<String> texts = TinyModels.heldOutProse(400);
        List<Upstream.Doc> docs = new ArrayList<>();
        for (int i = 0; i < 52; i++) {
            docs.add(upstream.addDocument(domain, "train", texts.get(i)));
        }
        Produce.ingested(broker.bootstrapServers(), docs);
        await().atMost(Duration.ofSeconds(120)).until(() -> Api.documents(domain) == 52);
        JsonPath state = Api.domain(domain);
        assertThat(state.getLong("detections")).isEqualTo(1);
        assertThat(state.getString("state")).isEqualTo("COOLDOWN");
        assertThat(state.getString("lastDetection.reason")).isEqualTo("new-domain");
        assertThat(state.getList("lastDetection.windowDocIds")).hasSize(50);
        assertThat(state.getList("window.documents")).hasSize(52);
    }
}
