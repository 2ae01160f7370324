package io.specialist.ingest.service;

import io.specialist.events.Split;

/**
 * Stable train / held-out split from the content hash: the same content lands in the same split on every
 * replica and every re-ingest, and the held-out share converges to the configured fraction.
 */
public final class SplitAssigner {

    private static final long BUCKETS = 1_000_000L;

    private final long heldoutBuckets;

    public SplitAssigner(double heldoutFraction) {
        if (!(heldoutFraction >= 0.0 && heldoutFraction <= 1.0)) {
            throw new IllegalArgumentException("specialist.ingest.heldout-fraction must be within [0, 1], got " + heldoutFraction);
        }
        this.heldoutBuckets = Math.round(heldoutFraction * BUCKETS);
    }

    /** @param sha256 lowercase hex SHA-256 of the content */
    public Split assign(String sha256) {
        long head = Long.parseUnsignedLong(sha256.substring(0, 16), 16);
        return Long.remainderUnsigned(head, BUCKETS) < heldoutBuckets ? Split.HELDOUT : Split.TRAIN;
    }
}
