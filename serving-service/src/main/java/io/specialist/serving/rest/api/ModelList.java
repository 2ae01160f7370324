package io.specialist.serving.rest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models}: the OpenAI list format plus each model's version, lineage and metrics. */
public record ModelList(String object, List<Entry> data) {

    public static ModelList of(List<Entry> entries) {
        return new ModelList("list", entries);
    }

    /**
     * One loaded model. {@code id} is what to pass as {@code model}: the domain for an active model,
     * {@code domain@N} for a previously active one kept loaded.
     *
     * @param latest the newest version the registry or the events announced (may differ when pinned or refused)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy,
            String domain,
            String version,
            String parent,
            boolean active,
            boolean pinned,
            String latest,
            String sha256,
            Instant loadedAt,
            long inFlight,
            Map<String, Object> metrics,
            Memory memory) {
    }

    /**
     * What the model costs this replica (see {@code ModelFootprint}).
     *
     * @param bytes          weights held by its ONNX Runtime sessions (the artifact size times 2: generation and
     *                       scoring graph sessions)
     * @param rssGrowthBytes resident-set growth measured while it loaded (-1 unknown)
     * @param loadMillis     session creation plus warm-up
     */
    public record Memory(long bytes, long rssGrowthBytes, long loadMillis) {
    }
}
