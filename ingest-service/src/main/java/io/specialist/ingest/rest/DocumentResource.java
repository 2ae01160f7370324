package io.specialist.ingest.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.specialist.events.EventCodec;
import io.specialist.events.DocumentKind;
import io.specialist.events.Problem;
import io.specialist.events.Split;
import io.specialist.ingest.config.IngestConfig;
import io.specialist.ingest.repository.DocumentEntity;
import io.specialist.ingest.repository.DocumentRepository;
import io.specialist.ingest.service.Checked;
import io.specialist.ingest.service.DocumentValidator;
import io.specialist.ingest.service.IngestMetrics;
import io.specialist.ingest.service.IngestService;
import io.specialist.ingest.service.ItemOutcome;
import io.specialist.ingest.service.Rejection;
import io.specialist.ingest.service.RejectionReason;
import io.specialist.ingest.service.SubmissionParser;
import io.specialist.ingest.service.UploadSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /v1/documents}: submit one document, a JSON array or an NDJSON stream; read one document; page
 * through a domain's documents as NDJSON.
 */
@Path("/v1/documents")
@Tag(name = "documents")
public class DocumentResource {

    public static final String NDJSON = "application/x-ndjson";
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    /** Rows read per query while streaming a list: bounds memory whatever the limit. */
    static final int PAGE_ROWS = 500;

    private final DocumentValidator validator;
    private final IngestService ingest;
    private final DocumentRepository documents;
    private final IngestConfig config;

    public DocumentResource(DocumentValidator validator, IngestService ingest, DocumentRepository documents,
            IngestConfig config) {
        this.validator = validator;
        this.ingest = ingest;
        this.documents = documents;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one document (JSON object) or several (JSON array); 202 with ids and duplicates")
    public Response submitJson(InputStream body) throws IOException {
        long max = config.rest().maxJsonBodyBytes();
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw ProblemException.of(413, "Request body too large", "a JSON body may hold at most " + max
                    + " bytes (specialist.ingest.rest.max-json-body-bytes); send large uploads as "
                    + NDJSON + ", which is streamed");
        }
        JsonNode root;
        try {
            root = SubmissionParser.readTree(SubmissionParser.decodeUtf8(bytes));
        } catch (RuntimeException e) {
            Checked checked = validator.check(bytes);
            throw rejection(checked.rejection());
        }
        if (root.isObject()) {
            Checked checked = validator.check(root);
            if (!checked.isValid()) {
                throw rejection(checked.rejection());
            }
            ItemOutcome outcome = ingest.store(List.of(checked.document()), IngestMetrics.Channel.REST).get(0);
            if (outcome.status() == ItemOutcome.Status.REJECTED) {
                throw rejection(outcome.rejection());
            }
            return Response.accepted(new IngestReport(outcome.status() == ItemOutcome.Status.ACCEPTED ? 1 : 0,
                    outcome.status() == ItemOutcome.Status.DUPLICATE ? 1 : 0, 0,
                    List.of(result(0, false, outcome)))).build();
        }
        if (!root.isArray()) {
            throw ProblemException.of(400, RejectionReason.WRONG_TYPE.title(),
                    "the body must be a JSON object (one document) or a JSON array of documents");
        }
        if (root.isEmpty()) {
            throw ProblemException.of(400, "No documents", "the JSON array is empty");
        }
        UploadSession session = new UploadSession(ingest, config.rest().chunkSize());
        for (int i = 0; i < root.size(); i++) {
            session.add(i, validator.check(root.get(i)));
        }
        return report(session, false);
    }

    @POST
    @Consumes(NDJSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an NDJSON stream, one document per line, streamed in chunks; per-line results")
    public Response submitNdjson(InputStream body) throws IOException {
        int maxLines = config.rest().maxNdjsonLines();
        // A line holds a document plus JSON framing; escapes can make it longer than its text.
        int maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 8, (long) config.maxDocumentBytes() * 6 + 65_536);
        NdjsonLineReader reader = new NdjsonLineReader(body, maxLineBytes);
        UploadSession session = new UploadSession(ingest, config.rest().chunkSize());
        int documentsSeen = 0;
        for (NdjsonLineReader.Line line = reader.next(); line != null; line = reader.next()) {
            if (line.bytes() != null && isBlank(line.bytes())) {
                continue;
            }
            if (++documentsSeen > maxLines) {
                session.reject(line.number(), new Rejection(RejectionReason.TOO_LARGE, "upload has more than " + maxLines
                        + " documents (specialist.ingest.rest.max-ndjson-lines); send the rest in another request", null));
                continue;
            }
            if (line.bytes() == null) {
                session.reject(line.number(), new Rejection(RejectionReason.TOO_LARGE, "line is " + line.tooLong()
                        + " bytes; documents are limited to " + config.maxDocumentBytes() + " bytes of text", null));
            } else {
                session.add(line.number(), validator.check(line.bytes()));
            }
        }
        if (session.items() == 0) {
            throw ProblemException.of(400, "No documents", "the NDJSON body has no lines");
        }
        return report(session, true);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One stored document")
    public DocumentView get(@PathParam("id") String id) {
        return documents.findByDocumentId(id).map(DocumentView::of)
                .orElseThrow(() -> ProblemException.of(404, "Document not found", "no document has id '" + id + "'"));
    }

    @GET
    @Produces(NDJSON)
    @Operation(summary = "Documents with seq > after (optionally of one domain, split and kind), ordered by seq, as NDJSON; page until a page is shorter than limit")
    public Response list(@QueryParam("domain") String domain, @QueryParam("split") String split,
            @QueryParam("kind") String kind, @QueryParam("after") @DefaultValue("0") long after,
            @QueryParam("limit") @DefaultValue("" + DEFAULT_LIMIT) int limit) {
        if (domain != null && !DocumentValidator.DOMAIN.matcher(domain).matches()) {
            throw ProblemException.of(400, "Invalid query parameter", "domain must be 1 to 63 lowercase letters,"
                    + " digits or '-', got '" + domain + "'");
        }
        Split splitFilter = null;
        if (split != null) {
            try {
                splitFilter = Split.fromWire(split);
            } catch (IllegalArgumentException e) {
                throw ProblemException.of(400, "Invalid query parameter", e.getMessage());
            }
        }
        DocumentKind kindFilter = null;
        if (kind != null) {
            try {
                kindFilter = DocumentKind.fromWire(kind);
            } catch (IllegalArgumentException e) {
                throw ProblemException.of(400, "Invalid query parameter", e.getMessage());
            }
        }
        if (after < 0) {
            throw ProblemException.of(400, "Invalid query parameter", "after must be >= 0, got " + after);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.of(400, "Invalid query parameter", "limit must be within 1.." + MAX_LIMIT + ", got " + limit);
        }
        Split chosenSplit = splitFilter;
        DocumentKind chosenKind = kindFilter;
        StreamingOutput stream = out -> writePages(out, domain, chosenSplit, chosenKind, after, limit);
        return Response.ok(stream, NDJSON).build();
    }

    private void writePages(OutputStream raw, String domain, Split split, DocumentKind kind, long after, int limit)
            throws IOException {
        OutputStream out = new BufferedOutputStream(raw, 64 * 1024);
        long cursor = after;
        int remaining = limit;
        while (remaining > 0) {
            long from = cursor;
            int rows = Math.min(PAGE_ROWS, remaining);
            List<DocumentView> page = QuarkusTransaction.requiringNew().call(() -> {
                List<DocumentEntity> entities = documents.page(domain, split, kind, from, rows);
                List<DocumentView> views = entities.stream().map(DocumentView::of).toList();
                documents.getEntityManager().clear();
                return views;
            });
            for (DocumentView view : page) {
                out.write(EventCodec.toJson(view));
                out.write('\n');
                cursor = view.seq();
            }
            remaining -= page.size();
            if (page.size() < rows) {
                break;
            }
        }
        out.flush();
    }

    private Response report(UploadSession session, boolean lines) {
        List<UploadSession.Result> results = session.finish();
        List<ItemResult> items = new ArrayList<>(results.size());
        for (UploadSession.Result r : results) {
            items.add(result(r.position(), lines, r.outcome()));
        }
        if (session.accepted() + session.duplicates() == 0) {
            int status = results.stream().map(r -> r.outcome().rejection().reason().status()).distinct().count() == 1
                    ? results.get(0).outcome().rejection().reason().status() : 422;
            List<Problem.Item> errors = results.stream().map(r -> new Problem.Item(
                    lines ? "line " + r.position() : "/" + r.position(), r.outcome().rejection().message())).toList();
            throw new ProblemException(Problem.of(status, "No document accepted", "all " + results.size()
                    + " submitted documents were rejected; see errors").withErrors(errors));
        }
        return Response.accepted(new IngestReport(session.accepted(), session.duplicates(), session.rejected(), items))
                .build();
    }

    private static ItemResult result(int position, boolean lines, ItemOutcome outcome) {
        Rejection rejection = outcome.rejection();
        return new ItemResult(lines ? null : position, lines ? position : null,
                outcome.status().name().toLowerCase(), outcome.id(),
                outcome.split() == null ? null : outcome.split().wire(),
                rejection == null ? null : rejection.reason().title(),
                rejection == null ? null : rejection.message());
    }

    private static ProblemException rejection(Rejection rejection) {
        return ProblemException.of(rejection.reason().status(), rejection.reason().title(), rejection.message());
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
