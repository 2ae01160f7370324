package io.specialist.serving.service;

import io.specialist.model.ort.ScoreResult;
import io.specialist.events.Problem;
import io.specialist.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Picks the domain expert for a text: every active model (the base model included) scores the text and
 * the one that gives it the lowest bits per byte wins, i.e. the model that finds the text least surprising,
 * except that the base model's score counts {@code 1 - route-base-margin} times: an expert must beat the
 * base by that margin to take a text from it (see {@link io.specialist.serving.config.ServingConfig.Serving#routeBaseMargin}).
 * Bits per byte is comparable across models with different tokenizers, so no per-domain calibration is
 * needed, and a new domain takes part in routing as soon as its first model is active.
 *
 * <p>Cost: one scoring per active model, run one after the other inside one inference slot (they are
 * short texts; splitting them over slots would only let routing starve completions).
 */
@ApplicationScoped
public class ModelRouter {

    /** Value of a request's {@code model} field that asks for routing. */
    public static final String AUTO = "auto";

    private final ModelCatalog catalog;
    private final InferenceGate gate;
    private final double baseMargin;

    public ModelRouter(ModelCatalog catalog, InferenceGate gate, ServingConfig config) {
        double baseMargin = config.serving().routeBaseMargin();
        if (!(baseMargin >= 0 && baseMargin < 1)) {
            throw new IllegalArgumentException("specialist.serving.route-base-margin must be in [0, 1), got " + baseMargin);
        }
        this.catalog = catalog;
        this.gate = gate;
        this.baseMargin = baseMargin;
    }

    /**
     * One candidate's score for the text; {@code routingScore} is what routing compares: the bits per byte, for
     * the base model times (1 - route-base-margin).
     */
    public record Candidate(String domain, ModelVersion version, long tokens, long bytes, double bitsPerByte,
                            double routingScore) {
    }

    /**
     * Candidates ranked best first (lowest routing score; ties by domain name, so the order is stable).
     *
     * @throws ServingException 400 for an empty text, 503 when busy or when no model is loaded
     */
    public List<Candidate> rank(String text) {
        if (text == null || text.isEmpty()) {
            throw ServingException.invalid(List.of(new Problem.Item("/text", "text is required and must not be empty")));
        }
        List<Candidate> ranking = new ArrayList<>();
        try (InferenceGate.Permit permit = gate.enter()) {
            for (LoadedModel model : catalog.activeModels()) {
                ModelLease lease;
                try {
                    lease = catalog.lease(new ModelRef(model.domain(), model.version()));
                } catch (ModelNotFoundException e) {
                    continue; // swapped out and evicted since the list was read: its successor is not in this round
                }
                try (lease) {
                    ScoreResult s = lease.runtime().score(text);
                    double routingScore = model.domain().equals(catalog.baseDomain())
                            ? s.bitsPerByte() * (1 - baseMargin) : s.bitsPerByte();
                    ranking.add(new Candidate(model.domain(), model.version(), s.tokens(), s.bytes(), s.bitsPerByte(),
                            routingScore));
                }
            }
        }
        if (ranking.isEmpty()) {
            throw new NoModelAvailableException("no model is loaded yet, so there is nothing to route to; the service "
                    + "loads them from the trainer registry as soon as it is reachable");
        }
        ranking.sort(Comparator.comparingDouble(Candidate::routingScore).thenComparing(Candidate::domain));
        return ranking;
    }

    /** The exact version that should answer {@code text}; an empty prompt goes to the base model. */
    public ModelRef choose(String text) {
        if (text == null || text.isEmpty()) {
            return new ModelRef(catalog.baseDomain(), null);
        }
        Candidate best = rank(text).get(0);
        return new ModelRef(best.domain(), best.version());
    }
}
