package io.specialist.serving.rest;

import io.specialist.events.Problem;
import io.specialist.serving.rest.api.SearchRequest;
import io.specialist.serving.rest.api.SearchResponse;
import io.specialist.model.retrieval.PassageHit;
import io.specialist.serving.service.ModelRef;
import io.specialist.serving.service.SearchService;
import io.specialist.serving.service.ServingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** BM25 search over the passages of a domain's ingested documents (this replica's index). */
@Path("/v1/search")
@Tag(name = "search")
public class SearchResource {

    private final SearchService search;

    public SearchResource(SearchService search) {
        this.search = search;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Passages of a domain's documents that match a query, best first, with document ids and scores")
    public SearchResponse search(SearchRequest request) {
        if (request == null) {
            throw ServingException.badRequest("request body is required: {\"domain\": \"legal\", \"query\": \"...\", \"k\": 5}");
        }
        List<Problem.Item> errors = new ArrayList<>();
        String domain = domain(request, errors);
        search.checkQuery(request.query(), "/query", errors);
        search.checkK(request.k(), "/k", errors);
        if (!errors.isEmpty()) {
            throw ServingException.invalid(errors);
        }
        int k = request.k() == null ? search.defaultK() : request.k();
        List<PassageHit> hits = search.search(domain, request.query(), k, Set.of(), "/query");
        return new SearchResponse(domain, request.query(), k, hits.stream()
                .map(h -> new SearchResponse.Hit(h.passage().documentId(), h.passage().index(), h.score(), h.passage().text()))
                .toList());
    }

    /** The domain named by {@code domain}, or by {@code model} (a domain or domain@N); both must agree. */
    private static String domain(SearchRequest request, List<Problem.Item> errors) {
        String fromModel = null;
        if (request.model() != null) {
            try {
                fromModel = ModelRef.parse(request.model()).domain();
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.Item("/model", e.getMessage()));
                return null;
            }
        }
        if (request.domain() == null && fromModel == null) {
            errors.add(new Problem.Item("/domain", "give 'domain' (such as 'legal') or 'model' (such as 'legal@3')"));
            return null;
        }
        if (request.domain() != null && fromModel != null && !request.domain().equals(fromModel)) {
            errors.add(new Problem.Item("/model", "model '" + request.model() + "' is not of domain '" + request.domain() + "'"));
            return null;
        }
        return SearchService.checkDomain(request.domain() != null ? request.domain() : fromModel,
                request.domain() != null ? "/domain" : "/model", errors);
    }
}
