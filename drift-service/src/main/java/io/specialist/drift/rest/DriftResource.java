package io.specialist.drift.rest;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.drift.detector.DetectorState;
import io.specialist.drift.detector.DriftDetector;
import io.specialist.drift.detector.WindowEntry;
import io.specialist.drift.repository.DetectionEntity;
import io.specialist.drift.repository.DetectionRepository;
import io.specialist.drift.repository.DomainStateEntity;
import io.specialist.drift.repository.DomainStateRepository;
import io.specialist.drift.repository.ReferenceEntity;
import io.specialist.drift.repository.ReferenceRepository;
import io.specialist.drift.service.DriftService;
import io.specialist.drift.service.ModelRegistry;
import io.specialist.drift.service.ServedModel;
import io.specialist.drift.service.ReferenceService;
import io.specialist.drift.service.StateStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read-only view of every domain's detector. */
@Path("/v1/drift")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "drift")
public class DriftResource {

    private final DomainStateRepository states;
    private final ReferenceRepository references;
    private final DetectionRepository detections;
    private final ModelRegistry registry;
    private final int minDocuments;

    public DriftResource(DomainStateRepository states, ReferenceRepository references, DetectionRepository detections,
            ModelRegistry registry, DriftService drift) {
        this.states = states;
        this.references = references;
        this.detections = detections;
        this.registry = registry;
        this.minDocuments = drift.detector().settings().minDocuments();
    }

    @GET
    @Operation(summary = "Drift state of every domain seen so far")
    public List<DomainDriftView> all() {
        return QuarkusTransaction.requiringNew().call(() ->
                states.listOrdered().stream().map(e -> view(e, false)).toList());
    }

    @GET
    @Path("/{domain}")
    @Operation(summary = "Drift state of one domain, with its window of recent documents")
    public DomainDriftView one(@PathParam("domain") String domain) {
        return QuarkusTransaction.requiringNew().call(() -> {
            DomainStateEntity e = states.findById(domain);
            if (e == null) {
                throw new NotFoundException("no document of domain '" + domain + "' has been seen yet; GET /v1/drift"
                        + " lists the known domains");
            }
            return view(e, true);
        });
    }

    @GET
    @Path("/{domain}/detections")
    @Operation(summary = "Most recent detections of a domain, newest first")
    public List<DomainDriftView.LastDetection> detections(@PathParam("domain") String domain,
            @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadParameterException("limit must be between 1 and 1000, got " + limit);
        }
        return QuarkusTransaction.requiringNew().call(() ->
                detections.recent(domain, limit).stream().map(DriftResource::detection).toList());
    }

    private DomainDriftView view(DomainStateEntity e, boolean entries) {
        DetectorState s = StateStore.toState(e);
        List<WindowEntry> window = s.window();
        ReferenceEntity reference = s.ownModel() && s.modelVersion() != null ? references.findById(s.modelVersion()) : null;
        DomainDriftView.Reference ref = reference == null ? null : new DomainDriftView.Reference(reference.modelVersion,
                reference.source, reference.count, reference.mean, reference.std, reference.tokensPerByte,
                reference.rarePairShare, reference.threshold, reference.allowance, reference.zClip, reference.targetArl,
                reference.estimatedArl, reference.simulatedDocuments, reference.sampler, reference.calibratedAt);
        DomainDriftView.Window w = new DomainDriftView.Window(window.size(),
                window.stream().map(WindowEntry::id).toList(),
                entries ? window.stream().map(DriftResource::entry).toList() : null);
        DomainDriftView.LastDetection last = detections.latest(e.domain).map(DriftResource::detection).orElse(null);
        ServedModel servedBy = registry.scoring(e.domain).orElse(null);
        boolean own = s.ownModel();
        return new DomainDriftView(e.domain, s.modelVersion(), own, servedBy == null ? null : servedBy.version(),
                own ? "cusum" : "min-documents", s.phase().name(),
                own ? s.statistic() : s.trainDocuments(),
                own ? finite(s.threshold()) : Double.valueOf(minDocuments),
                own ? finite(s.allowance()) : null,
                s.documents(), s.scored(), s.trainDocuments(), s.detections(), w,
                DriftDetector.signals(window, reference == null ? null : ReferenceService.toProfile(reference)),
                ref, last, e.updatedAt);
    }

    private static DomainDriftView.Entry entry(WindowEntry w) {
        return new DomainDriftView.Entry(w.id(), w.train(), finite(w.bitsPerByte()), finite(w.z()), finite(w.statistic()),
                finite(w.tokensPerByte()), finite(w.rarePairShare()));
    }

    private static DomainDriftView.LastDetection detection(DetectionEntity d) {
        return new DomainDriftView.LastDetection(d.id, d.modelVersion, d.reason, d.statistic, d.threshold, d.detectedAt,
                d.publishedAt, StateStore.windowDocIds(d), StateStore.signals(d));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
