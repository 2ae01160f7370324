package io.specialist.drift.detector;

import java.util.SplittableRandom;

/**
 * Smoothed bootstrap from reference scores: a random reference document's standardised score plus Gaussian
 * kernel noise (Silverman's bandwidth). The noise reaches a little beyond the observed values, which a
 * plain bootstrap from a few hundred documents never does, so tails are not underestimated as badly.
 */
public final class SmoothedBootstrapSampler implements ScoreSampler {

    private final double[] z;
    private final double bandwidth;
    private final double clip;

    /**
     * @param bitsPerByte reference documents' scores
     * @param standardizer the standardisation the detector uses
     */
    public SmoothedBootstrapSampler(double[] bitsPerByte, Standardizer standardizer) {
        if (bitsPerByte.length < 2) {
            throw new IllegalArgumentException("bootstrap needs at least 2 reference scores, got " + bitsPerByte.length);
        }
        this.z = new double[bitsPerByte.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (bitsPerByte[i] - standardizer.mean()) / standardizer.std();
        }
        this.bandwidth = 1.06 * Stats.std(z) * Math.pow(z.length, -0.2);
        this.clip = standardizer.clip();
    }

    @Override
    public double next(SplittableRandom random) {
        double value = z[random.nextInt(z.length)] + bandwidth * gaussian(random);
        return Standardizer.clip(value, clip);
    }

    @Override
    public String describe() {
        return "smoothed bootstrap of " + z.length + " reference scores (bandwidth " + String.format("%.3f", bandwidth) + ")";
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
