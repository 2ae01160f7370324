package io.specialist.drift.detector;

import java.util.SplittableRandom;

/**
 * Standard normal scores, clipped: the fallback when only the reference mean and std are known (the
 * metrics of a ModelPublished event). Per-document bits per byte is right-skewed, so this fit is less
 * trustworthy than {@link SmoothedBootstrapSampler}; the calibration's safety factor covers part of that.
 */
public final class NormalSampler implements ScoreSampler {

    private final double clip;

    public NormalSampler(double clip) {
        this.clip = clip;
    }

    @Override
    public double next(SplittableRandom random) {
        return Standardizer.clip(SmoothedBootstrapSampler.gaussian(random), clip);
    }

    @Override
    public String describe() {
        return "normal fit of the published reference mean and std";
    }
}
