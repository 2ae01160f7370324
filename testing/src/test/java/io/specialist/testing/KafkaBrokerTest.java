package io.specialist.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.specialist.events.CloudEventHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void realBrokerOnLoopbackProducesAndConsumesAndCleansUp() throws Exception {
        Path logDir;
        try (KafkaBroker broker = KafkaBroker.start(2)) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
            broker.createTopics(List.of("t1"), 2);
            broker.createTopics(List.of("t1"), 2); // idempotent
            assertThat(broker.admin().describeTopics(List.of("t1")).allTopicNames().get().get("t1").partitions())
                    .hasSize(2);
            TestKafka.send(broker.bootstrapServers(), "t1", "legal", "hello",
                    CloudEventHeaders.create("test.type", "/test").toKafkaHeaders());
            List<ConsumerRecord<String, String>> records =
                    TestKafka.consume(broker.bootstrapServers(), "t1", 1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).key()).isEqualTo("legal");
            assertThat(records.get(0).value()).isEqualTo("hello");
            assertThat(CloudEventHeaders.readFrom(records.get(0).headers()).type()).isEqualTo("test.type");
            logDir = Path.of(broker.admin().describeLogDirs(List.of(1)).allDescriptions().get().get(1).keySet().iterator().next());
            assertThat(Files.isDirectory(logDir)).isTrue();
        }
        assertThat(Files.exists(logDir)).as("log dir removed on close").isFalse();
    }
}
