package io.specialist.trainer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.specialist.trainer.support.FakeIngest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestClientTests {

    private FakeIngest ingest;

    @BeforeEach
    void start() {
        ingest = FakeIngest.start();
    }

    @AfterEach
    void stop() {
        ingest.close();
    }

    @Test
    void pagesThroughAllDocumentsOfOneSplit() {
        ingest.add("legal", IntStream.range(0, 57).mapToObj(i -> "legal text number " + i + " of the domain").toList());
        ingest.add("other", List.of("unrelated"));
        IngestClient client = new IngestClient(ingest.url(), Duration.ofSeconds(5));

        DocumentWindow train = client.fetch("legal", "train", 10, Long.MAX_VALUE, () -> false);
        DocumentWindow heldout = client.fetch("legal", "heldout", 10, Long.MAX_VALUE, () -> false);

        assertThat(train.size()).isEqualTo(ingest.documents("legal", "train").size());
        assertThat(heldout.size()).isEqualTo(ingest.documents("legal", "heldout").size());
        assertThat(train.size() + heldout.size()).isEqualTo(57);
        assertThat(train.documents()).allMatch(d -> d.domain().equals("legal") && d.split().equals("train"));
        assertThat(train.documents()).extracting(IngestDocument::seq).isSorted();
        assertThat(train.describe("train")).containsEntry("trainDocs", train.size());
    }

    @Test
    void streamsOneKindWithItsPromptsAndResponses() {
        ingest.add("legal", IntStream.range(0, 20).mapToObj(i -> "legal text number " + i).toList());
        ingest.addInstructions("legal", IntStream.range(0, 30)
                .mapToObj(i -> new FakeIngest.Instruction("Define term " + i + ":\n", "meaning " + i)).toList());
        IngestClient client = new IngestClient(ingest.url(), Duration.ofSeconds(5));
        List<IngestDocument> examples = new java.util.ArrayList<>();
        client.stream("legal", "train", IngestDocument.INSTRUCTION, 7, () -> false, examples::add);
        assertThat(examples).hasSize(ingest.documents("legal", "train").stream()
                .filter(d -> d.get("kind").asText().equals("instruction")).toList().size());
        assertThat(examples).allMatch(IngestDocument::instruction)
                .allMatch(d -> d.prompt().startsWith("Define term ") && d.response().startsWith("meaning "));
        List<IngestDocument> plain = new java.util.ArrayList<>();
        client.stream("legal", "train", IngestDocument.DOCUMENT, 7, () -> false, plain::add);
        assertThat(plain).isNotEmpty().noneMatch(IngestDocument::instruction);
        assertThat(examples.size() + plain.size()).isEqualTo(ingest.documents("legal", "train").size());
    }

    @Test
    void keepsTheMostRecentDocumentsWithinTheByteBudget() {
        ingest.add("legal", IntStream.range(0, 40).mapToObj(i -> "document %02d padded to some length".formatted(i)).toList());
        IngestClient client = new IngestClient(ingest.url(), Duration.ofSeconds(5));
        DocumentWindow all = client.fetch("legal", "train", 7, Long.MAX_VALUE, () -> false);
        DocumentWindow recent = client.fetch("legal", "train", 7, 200, () -> false);

        assertThat(recent.keptBytes()).isLessThanOrEqualTo(200);
        assertThat(recent.seenDocs()).isEqualTo(all.size());
        assertThat(recent.documents().get(recent.size() - 1).seq()).isEqualTo(all.lastSeq());
        assertThat(recent.size()).isLessThan(all.size());
    }

    @Test
    void retriesServerErrorsThenSucceeds() {
        ingest.add("legal", List.of("one document"));
        ingest.failNext(2);
        DocumentWindow window = new IngestClient(ingest.url(), Duration.ofSeconds(5))
                .fetch("legal", "train", 10, Long.MAX_VALUE, () -> false);
        assertThat(window.seenDocs() + new IngestClient(ingest.url(), Duration.ofSeconds(5))
                .fetch("legal", "heldout", 10, Long.MAX_VALUE, () -> false).seenDocs()).isEqualTo(1);
    }

    @Test
    void unreachableIngestFailsWithTheUrl() {
        IngestClient client = new IngestClient("http://127.0.0.1:1", Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.fetch("legal", "train", 10, 100, () -> false))
                .isInstanceOf(DataUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:1/v1/documents?domain=legal");
    }

    @Test
    void cancelledBeforeFetching() {
        IngestClient client = new IngestClient(ingest.url(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> client.fetch("legal", "train", 10, 100, () -> true))
                .isInstanceOf(JobCancelledException.class);
    }
}
