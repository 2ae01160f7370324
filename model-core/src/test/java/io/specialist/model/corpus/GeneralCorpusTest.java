package io.specialist.model.corpus;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GeneralCorpusTest {

    @Test
    void bundlesTheBrownCorpusAsPlainProse() {
        List<GeneralCorpus.Document> all = GeneralCorpus.all();
        assertThat(all).hasSize(500);
        assertThat(all.get(0).id()).isEqualTo("ca01");
        assertThat(all.get(0).text()).startsWith("The Fulton County Grand Jury said Friday an investigation");
        long bytes = all.stream().mapToLong(d -> d.text().length()).sum();
        assertThat(bytes).isGreaterThan(5_000_000L);
        for (GeneralCorpus.Document d : all) {
            assertThat(d.text()).doesNotContain("/nn ", "/at ", "``", ";;", "??");
        }
        Set<String> genres = new HashSet<>();
        all.forEach(d -> genres.add(d.genre()));
        assertThat(genres).hasSize(15);
    }

    @Test
    void splitIsDeterministicDisjointAndComplete() {
        List<String> train = GeneralCorpus.train();
        List<String> held = GeneralCorpus.heldOut();
        assertThat(train).hasSize(450);
        assertThat(held).hasSize(50);
        assertThat(new HashSet<>(train)).doesNotContainAnyElementsOf(held);
        assertThat(GeneralCorpus.documents()).hasSize(500);
        assertThat(GeneralCorpus.heldOut()).isEqualTo(held);
    }
}
