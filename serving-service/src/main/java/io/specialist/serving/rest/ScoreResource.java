package io.specialist.serving.rest;

import io.specialist.serving.rest.api.ScoreRequest;
import io.specialist.serving.rest.api.ScoreResponse;
import io.specialist.serving.service.CompletionService;
import io.specialist.serving.service.CompletionService.Scored;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bits per byte of a text under a domain's model: how well the served model knows it. */
@Path("/v1/score")
@Tag(name = "score")
public class ScoreResource {

    private final CompletionService completions;

    public ScoreResource(CompletionService completions) {
        this.completions = completions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Score a text: tokens, bytes and bits per byte under the model")
    public Response score(ScoreRequest request) {
        if (request == null) {
            throw ServingException.badRequest("request body is required: {\"model\": \"legal\", \"text\": \"...\"}");
        }
        Scored scored = completions.score(request);
        String version = scored.version().toString();
        ScoreResponse body = new ScoreResponse(request.model(), version, scored.score().tokens(), scored.score().bytes(),
                scored.score().bitsPerByte(), scored.contextTokens(),
                scored.context() == null ? null : scored.context().citations());
        return Response.ok(body).header(CompletionResource.MODEL_VERSION_HEADER, version).build();
    }
}
