package io.specialist.serving.rest;

import io.specialist.serving.repository.ModelPinRepository;
import io.specialist.serving.rest.api.ModelList;
import io.specialist.serving.service.LoadedModel;
import io.specialist.serving.service.ModelCatalog;
import io.specialist.serving.service.ModelVersion;
import io.specialist.serving.service.KnownVersions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The loaded models in the OpenAI list format, with version, lineage, metrics and pin state. */
@Path("/v1/models")
@Tag(name = "models")
public class ModelResource {

    private final ModelCatalog catalog;
    private final KnownVersions known;
    private final ModelPinRepository pins;

    public ModelResource(ModelCatalog catalog, KnownVersions known, ModelPinRepository pins) {
        this.catalog = catalog;
        this.known = known;
        this.pins = pins;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List loaded models: the active one per domain, then previously active ones kept for rollback")
    public ModelList list() {
        Map<String, String> pinned = pins.pins();
        Map<String, ModelVersion> latest = known.latest();
        List<ModelList.Entry> entries = new ArrayList<>();
        for (String domain : catalog.domains()) {
            LoadedModel active = catalog.active(domain).orElse(null);
            for (LoadedModel m : catalog.loadedVersions()) {
                if (!m.domain().equals(domain)) {
                    continue;
                }
                boolean isActive = m == active;
                ModelVersion newest = latest.get(domain);
                entries.add(new ModelList.Entry(
                        isActive ? domain : m.version().toString(),
                        "model",
                        m.loadedAt().getEpochSecond(),
                        "specialist",
                        domain,
                        m.version().toString(),
                        m.manifest().parent(),
                        isActive,
                        isActive && m.version().toString().equals(pinned.get(domain)),
                        newest == null ? null : newest.toString(),
                        m.sha256(),
                        m.loadedAt(),
                        m.handle().openLeases(),
                        m.manifest().metrics(),
                        new ModelList.Memory(m.footprint().weightBytes(), m.footprint().rssGrowthBytes(),
                                m.footprint().loadMillis())));
            }
        }
        return ModelList.of(entries);
    }
}
