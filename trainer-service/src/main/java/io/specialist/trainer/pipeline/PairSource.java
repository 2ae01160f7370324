package io.specialist.trainer.pipeline;

import io.specialist.model.preference.PreferencePair;
import java.util.List;

/**
 * Where a preference job gets its pairs: the trainer's feedback store in process, or
 * {@code GET /v1/feedback/pairs} over HTTP in a Kubernetes Job.
 */
@FunctionalInterface
public interface PairSource {

    /** The most recent {@code max} pairs of {@code domain} in {@code split} ({@code train} or {@code heldout}), oldest first. */
    List<PreferencePair> pairs(String domain, String split, int max);

    /** For runners that have no pairs: a preference job fails with a clear reason. */
    PairSource NONE = (domain, split, max) -> {
        throw new DataUnavailableException("this runner has no source of preference pairs");
    };
}
