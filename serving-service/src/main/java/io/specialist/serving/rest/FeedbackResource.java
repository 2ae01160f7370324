package io.specialist.serving.rest;

import io.specialist.events.FeedbackSubmitted;
import io.specialist.serving.feedback.FeedbackService;
import io.specialist.serving.rest.api.FeedbackRequest;
import io.specialist.serving.rest.api.FeedbackResponse;
import io.specialist.serving.service.ModelRef;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Expert ratings and preferences of completions, handed on to the trainer through {@code specialist.feedback}. */
@Path("/v1/feedback")
@Tag(name = "feedback")
public class FeedbackResource {

    private final FeedbackService feedback;

    public FeedbackResource(FeedbackService feedback) {
        this.feedback = feedback;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rate a completion (by id, or as model, prompt and completion) or give a better/worse one")
    public Response submit(FeedbackRequest request) {
        if (request == null) {
            throw ServingException.badRequest("request body is required: {\"completionId\": \"cmpl-...\", \"rating\": 1}");
        }
        FeedbackSubmitted e = feedback.submit(request);
        FeedbackResponse body = new FeedbackResponse(e.completionId(), e.model(), ModelRef.parse(e.model()).domain(),
                e.rating(), e.scale() == null ? null : e.scale().wire(),
                e.rating() == null ? null : e.normalizedRating(), e.preferred() != null, e.rejected() != null);
        return Response.accepted(body).build();
    }
}
