package io.specialist.serving.rest;

import io.specialist.serving.rest.api.RouteRequest;
import io.specialist.serving.rest.api.RouteResponse;
import io.specialist.serving.service.ModelRouter;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Routing: which domain's model knows a text best, with every domain's score. */
@Path("/v1/route")
@Tag(name = "route")
public class RouteResource {

    private final ModelRouter router;

    public RouteResource(ModelRouter router) {
        this.router = router;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rank the active domain models by the bits per byte they give the text (lowest first)")
    public Response route(RouteRequest request) {
        if (request == null) {
            throw ServingException.badRequest("request body is required: {\"text\": \"...\"}");
        }
        List<ModelRouter.Candidate> ranking = router.rank(request.text());
        ModelRouter.Candidate best = ranking.get(0);
        RouteResponse body = new RouteResponse(best.domain(), best.version().toString(), ranking.stream()
                .map(c -> new RouteResponse.Score(c.domain(), c.version().toString(), c.tokens(), c.bytes(), c.bitsPerByte(),
                        c.routingScore()))
                .toList());
        return Response.ok(body).header(CompletionResource.MODEL_VERSION_HEADER, best.version().toString()).build();
    }
}
