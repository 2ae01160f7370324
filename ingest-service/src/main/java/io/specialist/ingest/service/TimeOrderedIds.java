package io.specialist.ingest.service;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Document ids for submissions without one: UUIDv7 (RFC 9562), the creation millisecond first, then a
 * counter and random bits. They sort in creation order, so inserting a batch appends to the end of the
 * unique index on {@code id} instead of touching a random page per row: with random (v4) UUIDs every
 * H2 commit rewrote most leaf pages of that index, a cost that grew with the table.
 */
final class TimeOrderedIds {

    /** Low 12 bits: the sequence within a millisecond (rand_a of RFC 9562, method 1 with a counter). */
    private static final AtomicLong COUNTER = new AtomicLong(ThreadLocalRandom.current().nextLong());

    private TimeOrderedIds() {
    }

    static String next() {
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (COUNTER.getAndIncrement() & 0xFFFL);
        long low = 0x8000000000000000L | (ThreadLocalRandom.current().nextLong() >>> 2);
        return new UUID(high, low).toString();
    }
}
