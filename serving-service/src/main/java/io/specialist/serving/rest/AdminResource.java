package io.specialist.serving.rest;

import io.specialist.events.http.AdminOnly;
import io.specialist.serving.service.SwapManager;
import io.specialist.serving.service.SwapManager.SwapResult;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operator controls over which version a domain serves. {@code activate} and {@code rollback} pin the
 * domain (persisted; newly published versions then wait) until {@code DELETE .../pin}.
 */
@Path("/admin/models/{domain}")
@Tag(name = "admin")
@AdminOnly
@SecurityRequirement(name = "admin-token")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final SwapManager swaps;

    public AdminResource(SwapManager swaps) {
        this.swaps = swaps;
    }

    @POST
    @Path("/activate/{version}")
    @Operation(summary = "Serve this version of the domain (loaded or fetched from the registry) and pin it")
    public SwapResult activate(@PathParam("domain") String domain, @PathParam("version") String version) {
        return swaps.activate(domain, version);
    }

    @POST
    @Path("/rollback")
    @Operation(summary = "Serve the highest version below the active one and pin it")
    public SwapResult rollback(@PathParam("domain") String domain) {
        return swaps.rollback(domain);
    }

    @DELETE
    @Path("/pin")
    @Operation(summary = "Remove the pin: follow the latest published version again")
    public SwapResult unpin(@PathParam("domain") String domain) {
        return swaps.unpin(domain);
    }
}
