package io.specialist.ingest.rest;

import io.specialist.ingest.repository.DomainStatsRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /v1/domains}: per-domain counts, bytes, split sizes and last ingest time. */
@Path("/v1/domains")
@Tag(name = "domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainResource {

    private final DomainStatsRepository domains;

    public DomainResource(DomainStatsRepository domains) {
        this.domains = domains;
    }

    @GET
    @Operation(summary = "All domains with their totals, by name")
    public List<DomainView> list() {
        return domains.listByName().stream().map(DomainView::of).toList();
    }

    @GET
    @Path("/{domain}")
    @Operation(summary = "One domain's totals")
    public DomainView get(@PathParam("domain") String domain) {
        return domains.findByIdOptional(domain).map(DomainView::of)
                .orElseThrow(() -> ProblemException.of(404, "Domain not found", "no document of domain '" + domain
                        + "' has been ingested"));
    }
}
