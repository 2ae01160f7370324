package io.specialist.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.specialist.events.DocumentKind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every class of bad input, checked on the raw bytes exactly as a Kafka record or NDJSON line arrives. */
class DocumentValidatorTest {

    private final DocumentValidator validator = new DocumentValidator(1024, new SplitAssigner(0.1));

    private Checked check(String json) {
        return validator.check(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRejected(Checked checked, RejectionReason reason, String messagePart) {
        assertThat(checked.isValid()).as("expected a rejection").isFalse();
        assertThat(checked.rejection().reason()).isEqualTo(reason);
        assertThat(checked.rejection().message()).contains(messagePart);
    }

    @Test
    void acceptsAndNormalisesADocument() {
        Checked checked = check("{\"domain\":\"legal\",\"text\":\"  Cafe\u0301  law \\r\\n\",\"title\":\" T \","
                + "\"publishedAt\":\"2024-05-01T12:00:00Z\",\"extra\":{\"ignored\":true}}");
        assertThat(checked.isValid()).isTrue();
        NewDocument doc = checked.document();
        assertThat(doc.domain()).isEqualTo("legal");
        assertThat(doc.kind()).isEqualTo(DocumentKind.DOCUMENT);
        assertThat(doc.text()).isEqualTo("Caf\u00e9 law");
        assertThat(doc.title()).isEqualTo("T");
        assertThat(doc.bytes()).isEqualTo(9);
        assertThat(doc.sha256()).isEqualTo(ContentHash.sha256("Caf\u00e9 law"));
        assertThat(doc.publishedAt()).hasToString("2024-05-01T12:00:00Z");
    }

    @Test
    void acceptsAnInstructionAndHashesPromptAndResponse() {
        Checked checked = check("{\"domain\":\"legal\",\"kind\":\"instruction\",\"prompt\":\"What is tort?\","
                + "\"response\":\"A civil wrong.\"}");
        assertThat(checked.isValid()).isTrue();
        NewDocument doc = checked.document();
        assertThat(doc.kind()).isEqualTo(DocumentKind.INSTRUCTION);
        assertThat(doc.text()).isEqualTo("What is tort?\n\nA civil wrong.");
        assertThat(doc.sha256()).isEqualTo(ContentHash.sha256("What is tort?", "A civil wrong."));
        assertThat(doc.sha256()).isNotEqualTo(ContentHash.sha256("What is tort?A civil wrong."));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] bytes = "{\"domain\":\"legal\",\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        Checked checked = validator.check(bytes);
        assertRejected(checked, RejectionReason.NOT_UTF8, "not valid UTF-8");
    }

    @Test
    void rejectsNonJson() {
        assertRejected(check("domain=legal text=hello"), RejectionReason.NOT_JSON, "not valid JSON");
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"unterminated"), RejectionReason.NOT_JSON, "not valid JSON");
        assertRejected(check("   "), RejectionReason.NOT_JSON, "empty");
        assertRejected(check("{\"domain\":\"a\",\"domain\":\"b\",\"text\":\"x\"}"), RejectionReason.NOT_JSON, "Duplicate field");
        assertThat(validator.check((byte[]) null).rejection().message()).contains("tombstone");
    }

    @Test
    void rejectsWrongTypes() {
        assertRejected(check("[{\"domain\":\"legal\",\"text\":\"x\"}]"), RejectionReason.WRONG_TYPE, "must be a JSON object");
        assertRejected(check("{\"domain\":\"legal\",\"text\":42}"), RejectionReason.WRONG_TYPE, "field 'text' must be a string, got a number");
        assertRejected(check("{\"domain\":[\"legal\"],\"text\":\"x\"}"), RejectionReason.WRONG_TYPE, "field 'domain'");
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"x\",\"title\":true}"), RejectionReason.WRONG_TYPE, "'title'");
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"x\",\"publishedAt\":\"yesterday\"}"),
                RejectionReason.INVALID_VALUE, "publishedAt");
        assertRejected(check("{\"domain\":\"legal\",\"kind\":\"poem\",\"text\":\"x\"}"), RejectionReason.INVALID_VALUE, "kind");
    }

    @Test
    void rejectsMissingFields() {
        assertRejected(check("{\"text\":\"x\"}"), RejectionReason.MISSING_FIELD, "'domain' is required");
        assertRejected(check("{\"domain\":\"legal\"}"), RejectionReason.MISSING_FIELD, "'text' is required");
        assertRejected(check("{\"domain\":\"legal\",\"kind\":\"instruction\",\"prompt\":\"p\"}"),
                RejectionReason.MISSING_FIELD, "'response' is required");
    }

    @Test
    void rejectsEmptyText() {
        Checked checked = check("{\"domain\":\"legal\",\"text\":\" \\n\\t \\u0000 \"}");
        assertRejected(checked, RejectionReason.INVALID_VALUE, "empty after whitespace normalisation");
        assertThat(checked.rejection().domain()).isEqualTo("legal");
    }

    @Test
    void rejectsBadDomainCharacters() {
        for (String domain : new String[] {"Legal", "le gal", "legal/", "-legal", "legal-", "", "l\u00e9gal", "a".repeat(64)}) {
            assertRejected(check("{\"domain\":\"" + domain + "\",\"text\":\"x\"}"), RejectionReason.INVALID_VALUE,
                    "'domain' must be");
        }
        assertThat(check("{\"domain\":\"" + "a".repeat(63) + "\",\"text\":\"x\"}").isValid()).isTrue();
        assertThat(check("{\"domain\":\"bio-medical2\",\"text\":\"x\"}").isValid()).isTrue();
        assertRejected(check("{\"domain\":\"auto\",\"text\":\"x\"}"), RejectionReason.INVALID_VALUE,
                "domain 'auto' is reserved");
        assertThat(check("{\"domain\":\"autos\",\"text\":\"x\"}").isValid()).isTrue();
    }

    @Test
    void rejectsOversizedDocuments() {
        assertThat(check("{\"domain\":\"legal\",\"text\":\"" + "a".repeat(1024) + "\"}").isValid()).isTrue();
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"" + "a".repeat(1025) + "\"}"), RejectionReason.TOO_LARGE,
                "limit is 1024 bytes");
        // 400 two-byte characters are 800 bytes: fine; 600 are 1200 bytes: too large although 600 characters.
        assertThat(check("{\"domain\":\"legal\",\"text\":\"" + "\u00e9".repeat(400) + "\"}").isValid()).isTrue();
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"" + "\u00e9".repeat(600) + "\"}"), RejectionReason.TOO_LARGE,
                "1200 bytes");
        // Far beyond the limit: refused before parsing.
        assertRejected(validator.check(new byte[1024 * 6 + 70_000]), RejectionReason.TOO_LARGE, "record is");
    }

    @Test
    void rejectsBadIdsAndOverlongTitles() {
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"x\",\"id\":\"has space\"}"), RejectionReason.INVALID_VALUE, "'id'");
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"x\",\"title\":\"" + "t".repeat(1001) + "\"}"),
                RejectionReason.INVALID_VALUE, "'title'");
        assertThat(check("{\"domain\":\"legal\",\"text\":\"x\",\"id\":\"doc-1:v2\"}").document().id()).isEqualTo("doc-1:v2");
    }

    @Test
    void rejectsUnpairedSurrogateEscapes() {
        assertRejected(check("{\"domain\":\"legal\",\"text\":\"bad \\ud800 x\"}"), RejectionReason.INVALID_VALUE, "surrogate");
    }
}
