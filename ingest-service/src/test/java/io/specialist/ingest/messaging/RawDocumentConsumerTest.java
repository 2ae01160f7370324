package io.specialist.ingest.messaging;

import static io.restassured.RestAssured.given;
import static io.specialist.ingest.IngestTestSupport.awaitRecords;
import static io.specialist.ingest.IngestTestSupport.header;
import static io.specialist.ingest.IngestTestSupport.json;
import static io.specialist.ingest.IngestTestSupport.produceRaw;
import static io.specialist.ingest.IngestTestSupport.uniqueDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.events.DocumentRejected;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The Kafka path against the real broker: bad records to the DLQ, duplicates, instructions. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
class RawDocumentConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafkaBroker
    KafkaBroker broker;

    @Test
    void everyBadRecordGoesToTheDlqWithItsReasonAndTheRecordsAfterItAreStillIngested() throws Exception {
        String domain = uniqueDomain("dlq");
        allowLargeRawRecords();
        byte[] latin1 = ("{\"domain\":\"" + domain + "\",\"text\":\"caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
        String oversized = "{\"domain\":\"" + domain + "\",\"text\":\"" + "a".repeat(1_048_577) + "\"}";
        Map<String, String> expectedReasons = new java.util.LinkedHashMap<>();
        // Same key, so all of them sit on one partition in front of the good record.
        sendBytes(domain, "this is not json".getBytes(StandardCharsets.UTF_8));
        expectedReasons.put("this is not json", "not valid JSON");
        sendBytes(domain, latin1);
        expectedReasons.put(Base64.getEncoder().encodeToString(latin1), "not valid UTF-8");
        String wrongType = "{\"domain\":\"" + domain + "\",\"text\":123}";
        sendBytes(domain, wrongType.getBytes(StandardCharsets.UTF_8));
        expectedReasons.put(wrongType, "field 'text' must be a string");
        String missing = "{\"domain\":\"" + domain + "\"}";
        sendBytes(domain, missing.getBytes(StandardCharsets.UTF_8));
        expectedReasons.put(missing, "field 'text' is required");
        String empty = "{\"domain\":\"" + domain + "\",\"text\":\"  \\n \"}";
        sendBytes(domain, empty.getBytes(StandardCharsets.UTF_8));
        expectedReasons.put(empty, "empty after whitespace normalisation");
        String badDomain = "{\"domain\":\"Bad Domain!\",\"text\":\"x\"}";
        sendBytes(domain, badDomain.getBytes(StandardCharsets.UTF_8));
        expectedReasons.put(badDomain, "'domain' must be");
        sendBytes(domain, oversized.getBytes(StandardCharsets.UTF_8));
        sendBytes(domain, json(domain, "A good record after the poison ones.").getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> ingested = awaitRecords(broker, Topics.DOCUMENTS_INGESTED, domain, 1, WAIT);
        assertThat(ingested).hasSize(1);

        List<ConsumerRecord<String, String>> dead = awaitRecords(broker, Topics.DOCUMENTS_DLQ, domain, 7, WAIT);
        assertThat(dead).hasSize(7);
        for (ConsumerRecord<String, String> record : dead) {
            DocumentRejected rejected = EventCodec.fromJson(record.value(), DocumentRejected.class);
            assertThat(header(record, CloudEventHeaders.ERROR)).isEqualTo(rejected.error());
            assertThat(header(record, CloudEventHeaders.CE_TYPE)).isEqualTo(Topics.TYPE_DOCUMENT_REJECTED);
            assertThat(rejected.originalTopic()).isEqualTo(Topics.DOCUMENTS_RAW);
            assertThat(rejected.originalOffset()).isNotNull();
            if (rejected.original().length() > 500_000) {
                assertThat(rejected.error()).contains("limit is 1048576 bytes").contains("original cut");
                assertThat(oversized).startsWith(rejected.original());
                continue;
            }
            String reason = expectedReasons.remove(rejected.original());
            assertThat(reason).as("unexpected DLQ original %s", rejected.original()).isNotNull();
            assertThat(rejected.error()).contains(reason);
            assertThat(rejected.originalEncoding()).isEqualTo(reason.contains("UTF-8") ? "base64" : "utf-8");
        }
        assertThat(expectedReasons).isEmpty();
    }

    @Test
    void aResentDocumentIsStoredOnceAndAnnouncedOnce() {
        String domain = uniqueDomain("dup");
        produceRaw(broker, domain, json(domain, "Same content."));
        produceRaw(broker, domain, json(domain, "  Same   content. \\n"));
        produceRaw(broker, domain, json(domain, "Same content."));
        // A different document behind the duplicates on the same partition: once it is announced, the
        // duplicates before it have been processed.
        produceRaw(broker, domain, json(domain, "Marker document."));

        List<ConsumerRecord<String, String>> ingested = awaitRecords(broker, Topics.DOCUMENTS_INGESTED, domain, 3,
                Duration.ofSeconds(15));
        assertThat(ingested).hasSize(2);
        given().get("/v1/domains/" + domain).then().statusCode(200)
                .body("documents", equalTo(2)).body("duplicates", equalTo(2));
    }

    @Test
    void instructionExamplesAreStoredWithPromptAndResponse() {
        String domain = uniqueDomain("sft");
        produceRaw(broker, domain, "{\"domain\":\"" + domain + "\",\"kind\":\"instruction\","
                + "\"prompt\":\"Define estoppel.\",\"response\":\"A bar to asserting a contradicting claim.\"}");
        List<ConsumerRecord<String, String>> ingested = awaitRecords(broker, Topics.DOCUMENTS_INGESTED, domain, 1, WAIT);
        assertThat(ingested).hasSize(1);
        DocumentIngested event = EventCodec.fromJson(ingested.get(0).value(), DocumentIngested.class);
        assertThat(event.kind()).isEqualTo(DocumentKind.INSTRUCTION);
        given().get("/v1/documents/" + event.id()).then().statusCode(200)
                .body("kind", equalTo("instruction"))
                .body("prompt", equalTo("Define estoppel."))
                .body("response", equalTo("A bar to asserting a contradicting claim."))
                .body("text", equalTo("Define estoppel.\n\nA bar to asserting a contradicting claim."));
    }

    private void sendBytes(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.DOCUMENTS_RAW, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The broker's default record limit (~1 MB) is below a 1 MiB document in JSON; raise it for the raw topic. */
    private void allowLargeRawRecords() throws Exception {
        try (Admin admin = broker.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DOCUMENTS_RAW);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", Integer.toString(4 * 1024 * 1024)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }
}
