package io.specialist.trainer.rest;

import io.specialist.events.http.AdminOnly;
import io.specialist.trainer.pipeline.JobOutcome;
import io.specialist.trainer.pipeline.JobSpec;
import io.specialist.trainer.pipeline.Progress;
import io.specialist.trainer.service.JobView;
import io.specialist.trainer.service.WorkerCallbacks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Callbacks of a training Job that runs outside this process (the {@code kubernetes} runner): it pulls its
 * spec, pushes progress, the candidate checkpoint and the outcome. Admin token required.
 */
@Path("/v1/jobs/{id}")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class JobWorkerResource {

    /** Header with the SHA-256 (hex) of an uploaded checkpoint. */
    public static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private final WorkerCallbacks callbacks;

    public JobWorkerResource(WorkerCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @GET
    @Path("/spec")
    @Operation(summary = "Worker: the running job's domain, parent/base versions and settings")
    public JobSpec spec(@PathParam("id") String id) {
        return callbacks.spec(id);
    }

    @PUT
    @Path("/progress")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Worker: progress report and heartbeat; answers whether a cancel was requested")
    public Map<String, Object> progress(@PathParam("id") String id, Progress progress) {
        return Map.of("cancelRequested", callbacks.progress(id, progress));
    }

    @PUT
    @Path("/candidate")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Worker: upload the candidate checkpoint of an accepted job")
    public Map<String, Object> candidate(@PathParam("id") String id, @HeaderParam(CHECKSUM_HEADER) String sha256,
            InputStream body) {
        return Map.of("sha256", callbacks.stageCandidate(id, body, sha256));
    }

    @PUT
    @Path("/result")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Worker: the outcome (accepted/rejected/failed) with metrics and data window")
    public JobView result(@PathParam("id") String id, JobOutcome outcome) {
        if (outcome == null || outcome.verdict() == null) {
            throw new IllegalArgumentException("the result body needs a verdict: accepted, rejected or failed");
        }
        return callbacks.result(id, outcome);
    }
}
