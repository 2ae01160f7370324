package io.specialist.drift.detector;

import java.util.SplittableRandom;

/** Draws standardised, clipped in-distribution scores for the threshold simulation. */
public interface ScoreSampler {

    double next(SplittableRandom random);

    /** What the samples are drawn from, for logs and the API. */
    String describe();
}
