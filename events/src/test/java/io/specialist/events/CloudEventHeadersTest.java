package io.specialist.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void roundTripsThroughKafkaHeaders() {
        CloudEventHeaders ce = CloudEventHeaders.create(Topics.TYPE_DOCUMENT_INGESTED, "/ingest-service");
        Headers headers = ce.toKafkaHeaders();
        assertThat(CloudEventHeaders.value(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(CloudEventHeaders.value(headers, "content-type")).isEqualTo("application/json");
        assertThat(CloudEventHeaders.readFrom(headers)).isEqualTo(ce);
    }

    @Test
    void writingTwiceReplacesRatherThanDuplicates() {
        Headers headers = new RecordHeaders();
        CloudEventHeaders.create("a", "/s").writeTo(headers);
        CloudEventHeaders.create("b", "/s").writeTo(headers);
        assertThat(headers.headers("ce_type")).hasSize(1);
        assertThat(CloudEventHeaders.value(headers, "ce_type")).isEqualTo("b");
    }

    @Test
    void missingOrBadHeadersAreNamed() {
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(new RecordHeaders()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_specversion");
        Headers noType = CloudEventHeaders.create("t", "/s").toKafkaHeaders();
        noType.remove("ce_type");
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(noType))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_type");
        Headers badTime = CloudEventHeaders.create("t", "/s").toKafkaHeaders();
        CloudEventHeaders.put(badTime, "ce_time", "noon");
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(badTime))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_time");
        Headers v03 = CloudEventHeaders.create("t", "/s").toKafkaHeaders();
        v03.remove("ce_specversion");
        v03.add("ce_specversion", "0.3".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(v03))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("0.3");
    }
}
