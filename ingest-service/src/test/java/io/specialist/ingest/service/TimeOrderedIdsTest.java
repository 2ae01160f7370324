package io.specialist.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7UuidsThatSortByCreationTime() throws Exception {
        String first = TimeOrderedIds.next();
        Thread.sleep(2);
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            later.add(TimeOrderedIds.next());
        }
        UUID uuid = UUID.fromString(first);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(new HashSet<>(later)).hasSize(later.size()).doesNotContain(first);
        // A later millisecond sorts after an earlier one, as strings (the order the unique index keeps).
        assertThat(later).allMatch(id -> id.compareTo(first) > 0);
        assertThat(Math.abs((uuid.getMostSignificantBits() >>> 16) - System.currentTimeMillis())).isLessThan(60_000);
    }
}
