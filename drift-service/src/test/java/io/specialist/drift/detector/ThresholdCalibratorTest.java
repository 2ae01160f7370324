package io.specialist.drift.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdCalibratorTest {

    /** Siegmund's approximation of the in-control ARL of a one-sided CUSUM on N(0,1) scores. */
    private static double siegmundArl(double k, double h) {
        double b = h + 1.166;
        return (Math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k);
    }

    @Test
    void normalScoresGiveTheTextbookThreshold() {
        // Siegmund: k = 0.5, h = 5 -> ARL ~ 938.
        double target = siegmundArl(0.5, 5.0);
        Calibration c = ThresholdCalibrator.calibrate(new NormalSampler(8), 0.5, 8, target, 2_000_000, 1);
        assertThat(c.threshold()).isCloseTo(5.0, within(0.25));
        assertThat(c.estimatedArl()).isGreaterThanOrEqualTo(target);
    }

    @Test
    void calibratedThresholdHoldsOnAFreshStream() {
        double target = 2000;
        Calibration c = ThresholdCalibrator.calibrate(new NormalSampler(4), 0.5, 4, target, 1_000_000, 7);
        // An independent stream (other seed) sees about one alarm per `target` documents.
        SplittableRandom random = new SplittableRandom(99);
        NormalSampler sampler = new NormalSampler(4);
        int n = 2_000_000;
        float[] increments = new float[n];
        for (int i = 0; i < n; i++) {
            increments[i] = (float) (sampler.next(random) - 0.5);
        }
        double arl = (double) n / ThresholdCalibrator.alarms(increments, c.threshold());
        assertThat(arl).isBetween(target * 0.75, target * 1.35);
    }

    @Test
    void heavierTailedReferenceNeedsAHigherThreshold() {
        // Right-skewed bits per byte (log-normal) vs a normal of the same mean/std.
        SplittableRandom random = new SplittableRandom(3);
        double[] skewed = new double[400];
        for (int i = 0; i < skewed.length; i++) {
            skewed[i] = 2.0 + Math.exp(0.8 * SmoothedBootstrapSampler.gaussian(random));
        }
        Standardizer standardizer = new Standardizer(Stats.mean(skewed), Stats.std(skewed), 4);
        Calibration bootstrap = ThresholdCalibrator.calibrate(new SmoothedBootstrapSampler(skewed, standardizer),
                0.5, 4, 10_000, 1_000_000, 5);
        Calibration normal = ThresholdCalibrator.calibrate(new NormalSampler(4), 0.5, 4, 10_000, 1_000_000, 5);
        assertThat(bootstrap.threshold()).isGreaterThan(normal.threshold());
        assertThat(bootstrap.sampler()).contains("bootstrap of 400");
    }

    @Test
    void sameSeedSameThreshold() {
        Calibration a = ThresholdCalibrator.calibrate(new NormalSampler(4), 0.5, 4, 5000, 200_000, 11);
        Calibration b = ThresholdCalibrator.calibrate(new NormalSampler(4), 0.5, 4, 5000, 200_000, 11);
        assertThat(a).isEqualTo(b);
    }
}
