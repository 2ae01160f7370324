package io.specialist.trainer.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.specialist.events.EventCodec;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.registry.ModelVersion;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Preference pairs built from expert feedback, for training Jobs (which read them over HTTP as they read
 * documents from ingest) and for people: {@code GET /v1/feedback/pairs} and {@code GET /v1/feedback/stats}.
 * Open like the other reads ({@code GET /v1/jobs}, ingest's {@code GET /v1/documents}).
 */
@Path("/v1/feedback")
public class FeedbackResource {

    static final String NDJSON = "application/x-ndjson";
    private static final int MAX_LIMIT = 100_000;
    private static final ObjectMapper JSON = EventCodec.mapper();

    private final FeedbackStore store;
    private final TrainerConfig config;

    public FeedbackResource(FeedbackStore store, TrainerConfig config) {
        this.store = store;
        this.config = config;
    }

    @GET
    @Path("/pairs")
    @Produces(NDJSON)
    @Operation(summary = "A domain's preference pairs (explicit and from ratings) as NDJSON, oldest first")
    public String pairs(@QueryParam("domain") String domain, @QueryParam("split") String split,
            @QueryParam("limit") @DefaultValue("20000") int limit) {
        requireDomain(domain);
        if (split != null && !split.equals(PairSplit.TRAIN) && !split.equals(PairSplit.HELDOUT)) {
            throw new IllegalArgumentException("split '" + split + "' is not 'train' or 'heldout'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        StringBuilder out = new StringBuilder();
        for (FeedbackPair pair : store.pairs(domain, split, limit)) {
            try {
                out.append(JSON.writeValueAsString(pair)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a pair as JSON", e);
            }
        }
        return out.toString();
    }

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Feedback and pair counts of a domain (or of every domain with feedback)")
    public Object stats(@QueryParam("domain") String domain) {
        if (domain != null) {
            requireDomain(domain);
            return store.stats(domain);
        }
        return store.domains().stream().map(store::stats).toList();
    }

    private static void requireDomain(String domain) {
        if (domain == null || !ModelVersion.validDomain(domain)) {
            throw new IllegalArgumentException("query parameter 'domain' must name a domain matching "
                    + ModelVersion.DOMAIN_REGEX + ", got " + (domain == null ? "none" : "'" + domain + "'"));
        }
    }
}
