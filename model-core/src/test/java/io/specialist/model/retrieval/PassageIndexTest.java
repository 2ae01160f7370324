package io.specialist.model.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real Lucene indexes on disk: ranking, replacement, restart, corruption, bad queries. */
class PassageIndexTest {

    @TempDir
    Path dir;

    static SourceDocument doc(String id, String domain, long seq, String text) {
        return new SourceDocument(id, domain, seq, text);
    }

    @Test
    void ranksThePassageThatSharesTheRareWordsFirst() throws IOException {
        try (PassageIndex index = new PassageIndex(dir, 200)) {
            index.open();
            index.addAll(List.of(
                    doc("a", "legal", 1, "The court held that the contract was void for lack of consideration."),
                    doc("b", "legal", 2, "The tribunal awarded damages for the late delivery of turbines."),
                    doc("c", "finance", 3, "Turbines were delivered late, the supplier paid damages.")));
            List<PassageHit> hits = index.search("legal", "turbines delivery damages", 5, Set.of());
            assertThat(hits).extracting(h -> h.passage().documentId()).containsExactly("b");
            assertThat(hits.get(0).score()).isPositive();
            assertThat(index.search("legal", "contract void", 5, Set.of()).get(0).passage().documentId()).isEqualTo("a");
            assertThat(index.search("legal", "turbines", 5, Set.of("b"))).isEmpty();
            assertThat(index.search("unknown", "turbines", 5, Set.of())).isEmpty();
        }
    }

    @Test
    void longDocumentsBecomeSeveralPassagesAndReindexingReplacesThem() throws IOException {
        String text = "Alpha beta gamma. ".repeat(30) + "Zeta marker sentence here. " + "Delta epsilon. ".repeat(30);
        try (PassageIndex index = new PassageIndex(dir, 100)) {
            index.open();
            index.addAll(List.of(doc("long", "d", 7, text)));
            int passages = index.passagesByDomain().get("d");
            assertThat(passages).isGreaterThan(5);
            PassageHit hit = index.search("d", "zeta marker", 1, Set.of()).get(0);
            assertThat(hit.passage().text()).contains("Zeta marker").hasSizeLessThanOrEqualTo(100);
            assertThat(hit.passage().index()).isPositive();
            assertThat(hit.passage().seq()).isEqualTo(7);
            index.addAll(List.of(doc("long", "d", 7, "short now")));
            assertThat(index.passagesByDomain().get("d")).isEqualTo(1);
        }
    }

    @Test
    void survivesARestartAndRemembersWhereItStopped() throws IOException {
        try (PassageIndex index = new PassageIndex(dir, 200)) {
            index.open();
            index.addAll(List.of(doc("x", "legal", 41, "arbitration clause"), doc("y", "legal", 42, "void contract")));
            index.commit();
        }
        try (PassageIndex index = new PassageIndex(dir, 200)) {
            PassageIndex.OpenReport report = index.open();
            assertThat(report.opened()).containsExactly("legal");
            assertThat(report.discarded()).isEmpty();
            assertThat(index.contains("legal", "x")).isTrue();
            assertThat(index.maxSeq()).isEqualTo(42);
            assertThat(index.search("legal", "arbitration", 3, Set.of())).hasSize(1);
        }
    }

    @Test
    void aCorruptIndexIsDiscardedSoItCanBeRebuilt() throws IOException {
        try (PassageIndex index = new PassageIndex(dir, 200)) {
            index.open();
            index.addAll(List.of(doc("x", "legal", 1, "arbitration clause"), doc("z", "news", 2, "election results")));
            index.commit();
        }
        try (Stream<Path> files = Files.list(dir.resolve("legal"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(f, new byte[]{1, 2, 3, 4, 5, 6, 7, 8}); // garbage where the commit point was
            }
        }
        try (PassageIndex index = new PassageIndex(dir, 200)) {
            PassageIndex.OpenReport report = index.open();
            assertThat(report.discarded()).containsExactly("legal");
            assertThat(report.opened()).containsExactly("news");
            assertThat(Files.exists(dir.resolve("legal"))).isFalse();
            index.addAll(List.of(doc("x", "legal", 1, "arbitration clause")));
            assertThat(index.search("legal", "arbitration", 3, Set.of())).hasSize(1);
        }
    }

    @Test
    void aQueryWithoutWordsIsRefused() throws IOException {
        try (PassageIndex index = new PassageIndex(dir, 200)) {
            index.open();
            assertThatThrownBy(() -> index.search("legal", " ?! -- ", 3, Set.of()))
                    .isInstanceOf(EmptyQueryException.class).hasMessageContaining("no searchable words");
            // query syntax means nothing here: these are words, not operators
            index.addAll(List.of(doc("q", "legal", 1, "AND OR NOT field:value (parens)")));
            assertThat(index.search("legal", "field:value AND (", 3, Set.of())).hasSize(1);
        }
    }

    @Test
    void splitterCutsAtSentencesAndNeverExceedsTheSize() {
        PassageSplitter splitter = new PassageSplitter(40);
        List<String> parts = splitter.split("First sentence is here. Second sentence follows it. Third one.");
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(40));
        assertThat(parts.get(0)).isEqualTo("First sentence is here.");
        assertThat(String.join(" ", parts)).isEqualTo("First sentence is here. Second sentence follows it. Third one.");
        assertThat(splitter.split("   ")).isEmpty();
        assertThat(new PassageSplitter(16).split("x".repeat(40))).containsExactly("x".repeat(16), "x".repeat(16), "x".repeat(8));
    }
}
