package io.specialist.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What {@link CompletionLogRepository} must do on every database it runs on (H2 and PostgreSQL tests call it). */
public final class CompletionLogContract {

    private CompletionLogContract() {
    }

    /**
     * A batch is stored whole and read back field for field; a retried batch that overlaps it stores only
     * what is new; a batch longer than one existence query works; old completions are purged.
     */
    public static void storesEachCompletionOnceAndPurgesOldOnes(CompletionLogRepository repository) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CompletionRecord first = record("first", now);
        CompletionRecord second = record("second ünïcödé \u2014 text", now);
        repository.store(List.of(first));
        repository.store(List.of(first, second)); // a retry after an unknown commit outcome
        assertThat(repository.find(first.id())).contains(first);
        assertThat(repository.find(second.id())).contains(second);

        List<CompletionRecord> many = new ArrayList<>();
        for (int i = 0; i < 1_203; i++) {
            many.add(record("bulk " + i, now));
        }
        repository.store(many);
        repository.store(many.subList(600, 1_203));
        assertThat(repository.find(many.get(1_202).id())).contains(many.get(1_202));

        CompletionRecord old = record("old", now.minus(40, ChronoUnit.DAYS));
        repository.store(List.of(old));
        assertThat(repository.purgeBefore(now.minus(30, ChronoUnit.DAYS))).isGreaterThanOrEqualTo(1);
        assertThat(repository.find(old.id())).isEmpty();
        assertThat(repository.find(first.id())).isPresent();
    }

    private static CompletionRecord record(String text, Instant at) {
        return new CompletionRecord("cmpl-" + UUID.randomUUID().toString().replace("-", ""), "legal@1", "prompt of " + text,
                text, at);
    }
}
