package io.specialist.ingest;

import io.specialist.events.CloudEventHeaders;
import io.specialist.events.Topics;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared helpers of the ingest tests: unique domains, producing raw records, reading output topics. */
public final class IngestTestSupport {

    private IngestTestSupport() {
    }

    /** A domain name no other test uses, so tests sharing one app and broker do not see each other's data. */
    public static String uniqueDomain(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static void produceRaw(KafkaBroker broker, String key, String json) {
        TestKafka.send(broker.bootstrapServers(), Topics.DOCUMENTS_RAW, key, json, null);
    }

    public static void produceRaw(KafkaBroker broker, String key, byte[] value) {
        TestKafka.send(broker.bootstrapServers(), Topics.DOCUMENTS_RAW, key, value, null);
    }

    /** Records of {@code topic} whose key is {@code key}, waiting until {@code count} arrived (or the timeout). */
    public static List<ConsumerRecord<String, String>> awaitRecords(KafkaBroker broker, String topic, String key,
            int count, Duration timeout) {
        return TestKafka.consume(broker.bootstrapServers(), topic, count, timeout, byKey(key));
    }

    public static Predicate<ConsumerRecord<String, String>> byKey(String key) {
        return r -> key.equals(r.key());
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        return CloudEventHeaders.value(record.headers(), name);
    }

    public static String json(String domain, String text) {
        return "{\"domain\":\"" + domain + "\",\"text\":\"" + text + "\"}";
    }
}
