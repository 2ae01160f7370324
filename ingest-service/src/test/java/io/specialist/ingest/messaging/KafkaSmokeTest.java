package io.specialist.ingest.messaging;

import static io.specialist.ingest.IngestTestSupport.awaitRecords;
import static io.specialist.ingest.IngestTestSupport.header;
import static io.specialist.ingest.IngestTestSupport.json;
import static io.specialist.ingest.IngestTestSupport.produceRaw;
import static io.specialist.ingest.IngestTestSupport.uniqueDomain;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.EventCodec;
import io.specialist.events.Split;
import io.specialist.events.Topics;
import io.specialist.ingest.service.ContentHash;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Foundation smoke test: a record produced to {@code specialist.documents.raw} on the real broker is
 * consumed through SmallRye Reactive Messaging, stored, and announced on {@code documents.ingested}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
class KafkaSmokeTest {

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void rawRecordIsConsumedStoredAndAnnounced() {
        String domain = uniqueDomain("smoke");
        produceRaw(broker, domain, json(domain, "The court held that the contract was void."));

        List<ConsumerRecord<String, String>> ingested = awaitRecords(broker, Topics.DOCUMENTS_INGESTED, domain, 1,
                Duration.ofSeconds(30));
        assertThat(ingested).hasSize(1);
        ConsumerRecord<String, String> record = ingested.get(0);
        DocumentIngested event = EventCodec.fromJson(record.value(), DocumentIngested.class);
        assertThat(event.domain()).isEqualTo(domain);
        assertThat(event.sha256()).isEqualTo(ContentHash.sha256("The court held that the contract was void."));
        assertThat(event.bytes()).isEqualTo(42);
        assertThat(event.split()).isIn(Split.TRAIN, Split.HELDOUT);
        assertThat(header(record, CloudEventHeaders.CE_TYPE)).isEqualTo(Topics.TYPE_DOCUMENT_INGESTED);
        assertThat(header(record, CloudEventHeaders.CE_SOURCE)).isEqualTo("/ingest-service");
        assertThat(CloudEventHeaders.readFrom(record.headers()).id()).isNotBlank();
    }
}
