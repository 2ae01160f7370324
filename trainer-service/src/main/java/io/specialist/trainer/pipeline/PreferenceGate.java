package io.specialist.trainer.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The acceptance test of a preference (DPO) candidate: held-out pair accuracy must gain at least
 * {@code minAccuracyGain} over the parent (so it is never below it), general bits/byte may worsen by at most
 * {@code gate.max-general-regression} relative to the base (as for every candidate), and the domain's held-out
 * bits/byte may worsen by at most the same budget relative to the parent: DPO is not asked to improve
 * next-token prediction, only not to give it up. Without domain held-out documents that side is not judged.
 */
public final class PreferenceGate {

    private static final double TOLERANCE = 1e-12;

    private PreferenceGate() {
    }

    /** The verdict with the numbers it judged; {@code domainRegression} is NaN when not judged. */
    public record Decision(boolean accepted, double accuracyGain, double domainRegression, double generalRegression,
            String reason) {
    }

    public static Decision decide(double accuracyBefore, double accuracyAfter, double minAccuracyGain,
            double domainBefore, double domainAfter, double generalBase, double generalAfter,
            double maxRegression) {
        double gain = accuracyAfter - accuracyBefore;
        boolean judgeDomain = Double.isFinite(domainBefore) && domainBefore > 0;
        double domainRegression = judgeDomain ? (domainAfter - domainBefore) / domainBefore : Double.NaN;
        double generalRegression = (generalAfter - generalBase) / generalBase;
        if (!Double.isFinite(generalAfter) || (judgeDomain && !Double.isFinite(domainAfter))) {
            return new Decision(false, gain, domainRegression, generalRegression, "rejected: candidate scores are not "
                    + "finite (general " + generalAfter + ", domain " + domainAfter + " bits/byte): training diverged");
        }
        boolean accuracyOk = gain >= minAccuracyGain - TOLERANCE;
        boolean generalOk = generalRegression <= maxRegression + TOLERANCE;
        boolean domainOk = !judgeDomain || domainRegression <= maxRegression + TOLERANCE;
        String accuracyText = String.format(Locale.ROOT,
                "held-out pair accuracy %.3f -> %.3f (gain %+.3f, need >= %.3f)", accuracyBefore, accuracyAfter, gain,
                minAccuracyGain);
        String generalText = String.format(Locale.ROOT,
                "general bits/byte %.4f (base) -> %.4f (regression %.2f%%, allowed <= %.2f%%)", generalBase,
                generalAfter, 100 * generalRegression, 100 * maxRegression);
        String domainText = judgeDomain ? String.format(Locale.ROOT,
                "domain bits/byte %.4f -> %.4f (regression %.2f%%, allowed <= %.2f%%)", domainBefore, domainAfter,
                100 * domainRegression, 100 * maxRegression) : "domain bits/byte not judged (no held-out documents)";
        boolean accepted = accuracyOk && generalOk && domainOk;
        List<String> failed = new ArrayList<>();
        if (!accuracyOk) {
            failed.add(accuracyText);
        }
        if (!generalOk) {
            failed.add(generalText);
        }
        if (judgeDomain && !domainOk) {
            failed.add(domainText);
        }
        String reason = accepted ? "accepted: " + accuracyText + "; " + generalText + "; " + domainText
                : "rejected: " + String.join(" and ", failed);
        return new Decision(accepted, gain, domainRegression, generalRegression, reason);
    }
}
