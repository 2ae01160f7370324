package io.specialist.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant T = Instant.parse("2026-11-25T10:15:30Z");

    @Test
    void everyEventRoundTrips() {
        List<Object> events = List.of(
                DocumentSubmitted.document("legal", "The court held that..."),
                new DocumentIngested(null, "d1", "legal", DocumentKind.DOCUMENT, "ab12", 42, Split.HELDOUT, T),
                new DocumentRejected(null, "text is empty", "{\"domain\":\"x\"}", "utf-8",
                        Topics.DOCUMENTS_RAW, 0, 17L, T),
                new DriftDetected(null, "legal", "legal@2", 7.5, 6.1, List.of("d1", "d2"), T,
                        Map.of("tokensPerByte", 0.41)),
                new TrainingEvent(null, "job-1", "legal", TrainingState.SUCCEEDED,
                        Map.of("domainBitsPerByte", 1.9), null, T),
                new ModelPublished(null, "legal@3", "legal", "legal@2", "ff00", "http://t/v1/models/legal@3/artifact",
                        Map.of("domainBitsPerByte", 1.8), T),
                new FeedbackSubmitted(null, "cmpl-1", null, null, null, 1.0, null, null, "alice", T));
        for (Object event : events) {
            byte[] json = EventCodec.toJson(event);
            assertThat(EventCodec.fromJson(json, event.getClass())).as(event.getClass().getSimpleName()).isEqualTo(event);
        }
    }

    @Test
    void writesWireNamesAndSchemaVersion() {
        String json = EventCodec.toJsonString(
                new DocumentIngested(null, "d1", "legal", null, "ab", 3, Split.HELDOUT, T));
        assertThat(json)
                .contains("\"schemaVersion\":1")
                .contains("\"split\":\"heldout\"")
                .contains("\"kind\":\"document\"")
                .contains("\"ingestedAt\":\"2026-11-25T10:15:30Z\"");
        assertThat(EventCodec.toJsonString(new TrainingEvent(null, "j", "d", TrainingState.RUNNING, null, null, T)))
                .contains("\"state\":\"running\"");
        assertThat(TrainingState.REJECTED.ceType()).isEqualTo("specialist.training.rejected");
    }

    @Test
    void minimalUserRecordIsReadable() {
        DocumentSubmitted doc = EventCodec.fromJson("{\"domain\":\"legal\",\"text\":\"hello\"}", DocumentSubmitted.class);
        assertThat(doc.domain()).isEqualTo("legal");
        assertThat(doc.kind()).isEqualTo(DocumentKind.DOCUMENT);
        DocumentSubmitted instruction = EventCodec.fromJson(
                "{\"domain\":\"legal\",\"kind\":\"instruction\",\"prompt\":\"q\",\"response\":\"a\"}",
                DocumentSubmitted.class);
        assertThat(instruction.kind()).isEqualTo(DocumentKind.INSTRUCTION);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        DriftDetected event = EventCodec.fromJson("{\"domain\":\"law\",\"statistic\":1.0,\"threshold\":2.0,"
                + "\"detectedAt\":\"2026-11-25T10:15:30Z\",\"addedLater\":true}", DriftDetected.class);
        assertThat(event.domain()).isEqualTo("law");
        assertThat(event.schemaVersion()).isEqualTo(1);
    }

    @Test
    void notJsonIsRejectedWithClearMessage() {
        assertThatThrownBy(() -> EventCodec.fromJson("domain=legal", DocumentSubmitted.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("DocumentSubmitted payload is not valid JSON");
        assertThatThrownBy(() -> EventCodec.fromJson(new byte[0], DocumentIngested.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("DocumentIngested payload is empty");
        assertThatThrownBy(() -> EventCodec.fromJson("[1,2]", DocumentIngested.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("DocumentIngested payload must be a JSON object");
        assertThatThrownBy(() -> EventCodec.fromJson("null", DocumentIngested.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("DocumentIngested payload is JSON null");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> EventCodec.fromJson("{\"id\":\"d1\",\"sha256\":\"a\",\"bytes\":1,\"split\":\"train\","
                + "\"ingestedAt\":\"2026-11-25T10:15:30Z\"}", DocumentIngested.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("field 'domain' is required");
    }

    @Test
    void wrongTypeIsNamed() {
        assertThatThrownBy(() -> EventCodec.fromJson("{\"domain\":\"law\",\"statistic\":\"high\",\"threshold\":2.0,"
                + "\"detectedAt\":\"2026-11-25T10:15:30Z\"}", DriftDetected.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("'statistic'");
        assertThatThrownBy(() -> EventCodec.fromJson("{\"id\":\"d1\",\"domain\":\"law\",\"sha256\":\"a\",\"bytes\":1,"
                + "\"split\":\"both\",\"ingestedAt\":\"2026-11-25T10:15:30Z\"}", DocumentIngested.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("split must be 'train' or 'heldout', got 'both'");
        assertThatThrownBy(() -> EventCodec.fromJson("{\"id\":\"d1\",\"domain\":\"law\",\"sha256\":\"a\",\"bytes\":1,"
                + "\"split\":\"train\",\"ingestedAt\":\"yesterday\"}", DocumentIngested.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("'ingestedAt'");
    }

    @Test
    void newerSchemaVersionIsRefused() {
        assertThatThrownBy(() -> EventCodec.fromJson("{\"schemaVersion\":99,\"domain\":\"law\",\"statistic\":1,"
                + "\"threshold\":2.0,\"detectedAt\":\"2026-11-25T10:15:30Z\"}", DriftDetected.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("schemaVersion 99");
    }

    @Test
    void feedbackNeedsCompletionIdOrTriple() {
        assertThatThrownBy(() -> EventCodec.fromJson("{\"rating\":1,\"submittedAt\":\"2026-11-25T10:15:30Z\"}",
                FeedbackSubmitted.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("'completionId' or all of 'model', 'prompt' and 'completion'");
    }

    @Test
    void feedbackRatingsAreThumbsOrStarsAndNormaliseOntoOneScale() {
        String triple = "\"model\":\"law\",\"prompt\":\"p\",\"completion\":\"c\",\"submittedAt\":\"2026-11-25T10:15:30Z\"";
        FeedbackSubmitted up = EventCodec.fromJson("{" + triple + ",\"rating\":1}", FeedbackSubmitted.class);
        assertThat(up.scale()).isEqualTo(RatingScale.THUMBS);
        assertThat(up.normalizedRating()).isEqualTo(1.0);
        assertThat(EventCodec.fromJson("{" + triple + ",\"rating\":-1}", FeedbackSubmitted.class).normalizedRating())
                .isEqualTo(-1.0);
        FeedbackSubmitted four = EventCodec.fromJson("{" + triple + ",\"rating\":4}", FeedbackSubmitted.class);
        assertThat(four.scale()).isEqualTo(RatingScale.STARS);
        assertThat(four.normalizedRating()).isEqualTo(0.5);
        FeedbackSubmitted oneStar = EventCodec.fromJson("{" + triple + ",\"rating\":1,\"scale\":\"stars\"}",
                FeedbackSubmitted.class);
        assertThat(oneStar.normalizedRating()).isEqualTo(-1.0);
        assertThat(EventCodec.fromJson(EventCodec.toJsonString(oneStar), FeedbackSubmitted.class)).isEqualTo(oneStar);

        assertThatThrownBy(() -> EventCodec.fromJson("{" + triple + ",\"rating\":0}", FeedbackSubmitted.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("rating must be -1 or 1");
        assertThatThrownBy(() -> EventCodec.fromJson("{" + triple + ",\"rating\":3.5}", FeedbackSubmitted.class))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("got 3.5");
        assertThatThrownBy(() -> EventCodec.fromJson("{" + triple + ",\"rating\":3,\"scale\":\"thumbs\"}",
                FeedbackSubmitted.class)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("a thumbs rating is -1 or 1, got 3");
        assertThatThrownBy(() -> EventCodec.fromJson("{" + triple + ",\"rating\":2,\"scale\":\"likert\"}",
                FeedbackSubmitted.class)).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("scale must be 'thumbs' or 'stars'");
        assertThatThrownBy(() -> EventCodec.fromJson("{" + triple + "}", FeedbackSubmitted.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("needs a 'rating', a 'preferred' or a 'rejected'");
        assertThat(EventCodec.fromJson("{" + triple + ",\"preferred\":\"better\"}", FeedbackSubmitted.class)
                .normalizedRating()).isNaN();
    }
}
