package io.specialist.ingest.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.specialist.events.DocumentKind;
import io.specialist.events.DocumentSubmitted;
import io.specialist.ingest.config.IngestConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * The content rules every submission passes, whichever way it came in: valid UTF-8 JSON object, a
 * domain name usable as a Kafka key, model name and Kubernetes label, non-empty normalised text (or
 * prompt and response), and the size limit. Returns a normalised {@link NewDocument} with its hash and
 * split, or the first rule broken.
 */
@Singleton
public class DocumentValidator {

    /** Lowercase DNS label: domains become model versions ({@code legal@3}), URLs and Kubernetes names. */
    public static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** The model name serving's router answers to ({@code model: "auto"}); no domain may take it. */
    static final String ROUTING_MODEL = "auto";
    /** Producer-chosen ids: URL-safe, at most 128 characters. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final int MAX_TITLE_CHARS = 1000;
    static final int MAX_SOURCE_CHARS = 2000;
    /** JSON framing allowed on top of the document limit before a raw record is refused unparsed. */
    static final int JSON_OVERHEAD_BYTES = 64 * 1024;

    private final int maxDocumentBytes;
    private final SplitAssigner splits;

    @Inject
    public DocumentValidator(IngestConfig config) {
        this(config.maxDocumentBytes(), new SplitAssigner(config.heldoutFraction()));
    }

    public DocumentValidator(int maxDocumentBytes, SplitAssigner splits) {
        this.maxDocumentBytes = maxDocumentBytes;
        this.splits = splits;
    }

    /** Checks one raw record as it came from Kafka or one NDJSON line. */
    public Checked check(byte[] raw) {
        if (raw == null) {
            return Checked.invalid(new Rejection(RejectionReason.NOT_JSON, "record has no value (tombstone); expected a JSON object", null));
        }
        // Guards the parser: escapes can at most make a document six times longer in JSON, and a record
        // far beyond the limit is refused without building a tree for it.
        if (raw.length > (long) maxDocumentBytes * 6 + JSON_OVERHEAD_BYTES) {
            return Checked.invalid(new Rejection(RejectionReason.TOO_LARGE, "record is " + raw.length
                    + " bytes; documents are limited to " + maxDocumentBytes + " bytes of text", null));
        }
        try {
            return check(SubmissionParser.readTree(SubmissionParser.decodeUtf8(raw)));
        } catch (RejectedException e) {
            return Checked.invalid(e.rejection());
        }
    }

    /** Checks one parsed JSON value (an element of a JSON array upload, for instance). */
    public Checked check(JsonNode node) {
        DocumentSubmitted submitted;
        try {
            submitted = SubmissionParser.fromTree(node);
        } catch (RejectedException e) {
            JsonNode domain = node.isObject() ? node.get("domain") : null;
            String known = domain != null && domain.isTextual() && DOMAIN.matcher(domain.textValue()).matches()
                    ? domain.textValue() : null;
            return Checked.invalid(e.rejection().withDomain(known));
        }
        return check(submitted);
    }

    public Checked check(DocumentSubmitted submitted) {
        String domain = submitted.domain();
        try {
            checkDomain(domain);
        } catch (RejectedException e) {
            return Checked.invalid(e.rejection());
        }
        try {
            return Checked.valid(validate(submitted));
        } catch (RejectedException e) {
            return Checked.invalid(e.rejection().withDomain(domain));
        }
    }

    private NewDocument validate(DocumentSubmitted s) {
        String id = s.id();
        if (id != null && !ID.matcher(id).matches()) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field 'id' must be 1 to 128 characters of"
                    + " A-Z a-z 0-9 . _ : -, got '" + abbreviate(id) + "'");
        }
        String title = line(s.title(), "title", MAX_TITLE_CHARS);
        String source = line(s.source(), "source", MAX_SOURCE_CHARS);
        if (s.kind() == DocumentKind.INSTRUCTION) {
            String prompt = content(s.prompt(), "prompt", "an instruction needs a non-empty 'prompt' and 'response'");
            String response = content(s.response(), "response", "an instruction needs a non-empty 'prompt' and 'response'");
            String text = prompt + "\n\n" + response;
            long bytes = checkSize(text);
            String sha = ContentHash.sha256(prompt, response);
            return new NewDocument(id, s.domain(), DocumentKind.INSTRUCTION, title, source, text, prompt, response,
                    sha, bytes, splits.assign(sha), s.publishedAt());
        }
        String text = content(s.text(), "text", "a document needs a non-empty 'text'");
        long bytes = checkSize(text);
        String sha = ContentHash.sha256(text);
        return new NewDocument(id, s.domain(), DocumentKind.DOCUMENT, title, source, text, null, null,
                sha, bytes, splits.assign(sha), s.publishedAt());
    }

    private static void checkDomain(String domain) {
        if (domain == null) {
            throw new RejectedException(RejectionReason.MISSING_FIELD, "field 'domain' is required, e.g. \"domain\": \"legal\"");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field 'domain' must be 1 to 63 lowercase letters,"
                    + " digits or '-' (not at either end), got '" + abbreviate(domain) + "'");
        }
        if (ROUTING_MODEL.equals(domain)) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "domain 'auto' is reserved: serving reads"
                    + " model \"auto\" as \"route to the best domain\", so a domain of that name could never be asked");
        }
    }

    private String content(String value, String field, String hint) {
        if (value == null) {
            throw new RejectedException(RejectionReason.MISSING_FIELD, "field '" + field + "' is required: " + hint);
        }
        // Cheap pre-check so a huge text is refused before the normaliser copies it.
        if (value.length() > maxDocumentBytes) {
            throw tooLarge(field + " has " + value.length() + " characters");
        }
        String normalized;
        try {
            normalized = TextNormalizer.normalize(value);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field '" + field + "' " + e.getMessage());
        }
        if (normalized.isEmpty()) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field '" + field
                    + "' is empty after whitespace normalisation: " + hint);
        }
        return normalized;
    }

    private long checkSize(String text) {
        long bytes = utf8Length(text);
        if (bytes > maxDocumentBytes) {
            throw tooLarge("text is " + bytes + " bytes of UTF-8");
        }
        return bytes;
    }

    private RejectedException tooLarge(String what) {
        return new RejectedException(RejectionReason.TOO_LARGE, what + "; the limit is " + maxDocumentBytes
                + " bytes (specialist.ingest.max-document-bytes): split the document");
    }

    private static String line(String value, String field, int maxChars) {
        if (value == null) {
            return null;
        }
        String normalized;
        try {
            normalized = TextNormalizer.normalizeLine(value);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field '" + field + "' " + e.getMessage());
        }
        if (normalized.length() > maxChars) {
            throw new RejectedException(RejectionReason.INVALID_VALUE, "field '" + field + "' has " + normalized.length()
                    + " characters; at most " + maxChars + " are allowed");
        }
        return normalized.isEmpty() ? null : normalized;
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
