package io.specialist.ingest.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxLineTest {

    @Test
    void batchPayloadRoundTripsIdsKeysAndJsonWithSpaces() {
        List<OutboxLine> lines = List.of(
                new OutboxLine("5b1c0a9e-1", "legal", "{\"text\":\"a b  c\",\"n\":1}"),
                new OutboxLine("5b1c0a9e-2", null, "{}"),
                new OutboxLine("5b1c0a9e-3", "finance", "{\"escaped\":\"line\\nbreak\"}"));
        String payload = OutboxLine.encode(lines);
        assertThat(payload.lines()).hasSize(3);
        assertThat(OutboxLine.decode(payload)).containsExactlyElementsOf(lines);
    }

    @Test
    void legacyRowMigratedWithoutKeyDecodes() {
        // V3 migrates old rows as "<event_id> <record_key or empty> <payload>".
        assertThat(OutboxLine.decode("id-1  {\"a\":1}")).containsExactly(new OutboxLine("id-1", null, "{\"a\":1}"));
    }

    @Test
    void refusesWhatWouldBreakTheLineFormat() {
        assertThatThrownBy(() -> new OutboxLine("a b", "k", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxLine("a", "k k", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxLine("a", "k", "{\n}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxLine.decode("no-spaces")).isInstanceOf(IllegalStateException.class);
    }
}
