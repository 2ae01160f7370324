package io.specialist.trainer.pipeline;

import java.util.Locale;

/**
 * The two-sided acceptance test of a candidate model. Domain gain is measured against the model the
 * candidate would replace; general regression against the base model, so forgetting cannot accumulate
 * across generations of a domain's models.
 */
public final class Gate {

    private static final double TOLERANCE = 1e-12;

    private Gate() {
    }

    /**
     * @param domainBefore  domain held-out bits/byte of the model being replaced
     * @param domainAfter   domain held-out bits/byte of the candidate
     * @param generalBase   general held-out bits/byte of the base model
     * @param generalAfter  general held-out bits/byte of the candidate
     */
    public static GateDecision decide(double domainBefore, double domainAfter, double generalBase, double generalAfter,
            GateSettings settings) {
        return decide("domain bits/byte", domainBefore, domainAfter, generalBase, generalAfter, settings);
    }

    /**
     * The same two-sided test with another domain-side measure ({@code measure} names it in the reason, e.g. the
     * held-out response bits/byte given the prompt of an sft job); lower is better, as for bits/byte.
     */
    public static GateDecision decide(String measure, double domainBefore, double domainAfter, double generalBase,
            double generalAfter, GateSettings settings) {
        double domainGain = (domainBefore - domainAfter) / domainBefore;
        double generalRegression = (generalAfter - generalBase) / generalBase;
        if (!Double.isFinite(domainAfter) || !Double.isFinite(generalAfter)) {
            return new GateDecision(false, domainGain, generalRegression,
                    "candidate scores are not finite (" + measure + " " + domainAfter + ", general " + generalAfter
                            + " bits/byte): training diverged");
        }
        // a hair of tolerance so that a change exactly at the threshold is not lost to float rounding
        boolean domainOk = domainGain >= settings.minDomainGain() - TOLERANCE;
        boolean generalOk = generalRegression <= settings.maxGeneralRegression() + TOLERANCE;
        String domainText = String.format(Locale.ROOT, "%s %.4f -> %.4f (gain %.2f%%, need >= %.2f%%)",
                measure, domainBefore, domainAfter, 100 * domainGain, 100 * settings.minDomainGain());
        String generalText = String.format(Locale.ROOT,
                "general bits/byte %.4f (base) -> %.4f (regression %.2f%%, allowed <= %.2f%%)",
                generalBase, generalAfter, 100 * generalRegression, 100 * settings.maxGeneralRegression());
        String reason;
        if (domainOk && generalOk) {
            reason = "accepted: " + domainText + "; " + generalText;
        } else if (!domainOk && !generalOk) {
            reason = "rejected: " + domainText + " and " + generalText;
        } else if (!domainOk) {
            reason = "rejected: " + domainText;
        } else {
            reason = "rejected: " + generalText;
        }
        return new GateDecision(domainOk && generalOk, domainGain, generalRegression, reason);
    }

    /** The gate's verdict with the two relative changes it judged. */
    public record GateDecision(boolean accepted, double domainGain, double generalRegression, String reason) {
    }
}
