package io.specialist.serving.rest;

import io.specialist.events.EventCodec;
import io.specialist.model.ort.GenerationResult;
import io.specialist.serving.feedback.CompletionLog;
import io.specialist.serving.feedback.CompletionRecord;
import io.specialist.serving.rest.api.CompletionRequest;
import io.specialist.serving.rest.api.CompletionResponse;
import io.specialist.serving.rest.api.CompletionResponse.Choice;
import io.specialist.serving.rest.api.CompletionResponse.Usage;
import io.specialist.serving.service.CompletionPlan;
import io.specialist.serving.service.CompletionService;
import io.specialist.serving.rest.api.Citation;
import io.specialist.serving.service.CompletionService.Completion;
import io.specialist.serving.service.CompletionService.Prepared;
import io.specialist.serving.service.CompletionService.Session;
import io.specialist.serving.service.ModelVersion;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * OpenAI-compatible text completions. With {@code "stream": true} the answer is a server-sent event
 * stream: one {@code data: {chunk}} per piece of new text, a last chunk with the finish reason and usage,
 * then {@code data: [DONE]}. The slot and the model lease are taken before the response starts (so a
 * busy server still answers 503) and released when the stream ends, also when the client goes away.
 */
@Path("/v1/completions")
@Tag(name = "completions")
public class CompletionResource {

    static final String MODEL_VERSION_HEADER = "X-Model-Version";
    private static final Logger LOG = Logger.getLogger(CompletionResource.class);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final CompletionService completions;
    private final CompletionLog log;

    public CompletionResource(CompletionService completions, CompletionLog log) {
        this.completions = completions;
        this.log = log;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(summary = "Complete a prompt with a domain's model (OpenAI text completion)")
    public Response complete(CompletionRequest request) {
        if (request == null) {
            throw ServingException.badRequest("request body is required: {\"model\": \"legal\", \"prompt\": \"...\"}");
        }
        CompletionPlan plan = completions.plan(request);
        String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = Instant.now().getEpochSecond();
        if (!plan.stream()) {
            Completion done = completions.complete(plan);
            GenerationResult r = done.result();
            String version = done.version().toString();
            log.record(new CompletionRecord(id, version, plan.generation().prompt(), r.text(), Instant.now()));
            CompletionResponse body = new CompletionResponse(id, CompletionResponse.OBJECT, created, version,
                    List.of(new Choice(r.text(), 0, null, finishReason(r))), Usage.of(r.promptTokens(), r.completionTokens()),
                    version, citations(done));
            return Response.ok(body, MediaType.APPLICATION_JSON).header(MODEL_VERSION_HEADER, version).build();
        }
        Session session = completions.start(plan.model());
        Prepared prepared;
        try {
            prepared = completions.prepare(session, plan); // before the status line: its errors are still problem+json
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        ModelVersion version = session.lease().version();
        StreamingOutput events = out -> stream(session, prepared, id, created, version.toString(),
                plan.generation().prompt(), out);
        return Response.ok(events, MediaType.SERVER_SENT_EVENTS)
                .header(MODEL_VERSION_HEADER, version.toString())
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .build();
    }

    private void stream(Session session, Prepared prepared, String id, long created, String version, String prompt,
                        OutputStream out) throws IOException {
        try (session) {
            Completion done = completions.generate(session, prepared, (token, text) -> {
                if (!text.isEmpty()) {
                    write(out, chunk(id, created, version, text, null, null, null));
                }
            });
            GenerationResult r = done.result();
            log.record(new CompletionRecord(id, version, prompt, r.text(), Instant.now()));
            write(out, chunk(id, created, version, "", finishReason(r), Usage.of(r.promptTokens(), r.completionTokens()),
                    citations(done)));
            out.write(DONE);
            out.flush();
        } catch (UncheckedIOException e) {
            LOG.debugf("completion stream %s ended early: %s", id, e.getCause().getMessage()); // the client went away
        } catch (RuntimeException e) {
            // The status line is gone already: report in the stream, as OpenAI does, and end it.
            LOG.errorf(e, "completion stream %s failed", id);
            Map<String, Object> error = Map.of("error", Map.of("message", "generation failed: " + e.getMessage(),
                    "type", "server_error"));
            try {
                out.write(("data: " + EventCodec.toJsonString(error) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.write(DONE);
                out.flush();
            } catch (IOException ignored) {
                // the client is gone too
            }
        }
    }

    private static CompletionResponse chunk(String id, long created, String version, String text, String finish, Usage usage,
                                            List<Citation> citations) {
        return new CompletionResponse(id, CompletionResponse.OBJECT, created, version,
                List.of(new Choice(text, 0, null, finish)), usage, version, citations);
    }

    /** The passages retrieved into the context; null (field absent) when the request asked for no retrieval. */
    private static List<Citation> citations(Completion done) {
        return done.context() == null ? null : done.context().citations();
    }

    private static void write(OutputStream out, CompletionResponse chunk) {
        try {
            out.write(("data: " + EventCodec.toJsonString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush(); // one network write per event: clients see text as it is generated
        } catch (IOException e) {
            throw new UncheckedIOException(e); // aborts the generation, releasing the slot and the lease
        }
    }

    /** OpenAI knows "stop" and "length"; a full context window is a length limit. */
    static String finishReason(GenerationResult r) {
        return GenerationResult.STOP.equals(r.finishReason()) ? "stop" : "length";
    }
}
