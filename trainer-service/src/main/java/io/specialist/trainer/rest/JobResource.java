package io.specialist.trainer.rest;

import io.specialist.events.http.AdminOnly;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.service.InvalidJobRequestException;
import io.specialist.trainer.service.JobNotFoundException;
import io.specialist.trainer.service.JobRequest;
import io.specialist.trainer.service.JobService;
import io.specialist.trainer.service.JobView;
import io.specialist.trainer.service.TriggerResult;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Training jobs: trigger one, list them, follow one, cancel one. */
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    private static final int MAX_LIMIT = 1000;
    private static final List<String> STATES = List.of("queued", "running", "succeeded", "rejected", "failed");

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @AdminOnly
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a training job (continued-pretraining, sft or preference) for a domain (merged into the domain's queued job of that kind if there is one)")
    public Response create(CreateJobRequest body, UriInfo uri) {
        if (body == null) {
            throw new InvalidJobRequestException("", "the request body must be a JSON object like "
                    + "{\"domain\":\"legal\",\"strategy\":\"l2sp\",\"steps\":300,\"method\":\"adapter\"}");
        }
        JobKind kind;
        try {
            kind = JobKind.fromRequest(body.kind());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobRequestException("kind", e.getMessage());
        }
        TriggerResult result = jobs.trigger(new JobRequest(body.domain(), kind, JobRequest.SOURCE_API,
                Map.of(), body.strategy(), body.steps(), body.method()));
        return Response.accepted(result)
                .location(uri.getBaseUriBuilder().path("v1/jobs").path(result.job().id()).build())
                .build();
    }

    /** A request's job kind: fine-tune unless it names another that can be asked for. */
    @GET
    @Operation(summary = "Jobs, newest first, optionally filtered by domain and state")
    public List<JobView> list(@QueryParam("domain") String domain, @QueryParam("state") String state,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (state != null && !STATES.contains(state)) {
            throw new InvalidJobRequestException("state", "state '" + state + "' is not one of " + STATES);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidJobRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return jobs.search(domain, state, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One job with its state, progress (step, loss, tokens/s, ETA), metrics and reason")
    public JobView get(@PathParam("id") String id) {
        return jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    @POST
    @Path("/{id}/cancel")
    @AdminOnly
    @Operation(summary = "Cancel a queued or running job (it ends as failed)")
    public JobView cancel(@PathParam("id") String id) {
        return jobs.cancel(id).orElseThrow(() -> new JobNotFoundException(id));
    }
}
