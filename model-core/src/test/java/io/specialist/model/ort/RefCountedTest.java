package io.specialist.model.ort;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RefCountedTest {

    /** A resource that records misuse: use after close, close while in use, double close. */
    static final class Probe implements AutoCloseable {
        final AtomicInteger inUse = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger violations = new AtomicInteger();
        volatile boolean closed;

        void use() {
            inUse.incrementAndGet();
            if (closed) {
                violations.incrementAndGet();
            }
            int spin = ThreadLocalRandom.current().nextInt(200);
            for (int i = 0; i < spin; i++) {
                Thread.onSpinWait();
            }
            if (closed) {
                violations.incrementAndGet();
            }
            inUse.decrementAndGet();
        }

        @Override
        public void close() {
            if (inUse.get() != 0) {
                violations.incrementAndGet();
            }
            closes.incrementAndGet();
            closed = true;
        }
    }

    @Test
    void closesImmediatelyWhenRetiredWithoutLeases() {
        Probe p = new Probe();
        RefCounted<Probe> rc = new RefCounted<>(p);
        assertThat(rc.retire()).isTrue();
        assertThat(rc.retire()).isFalse();
        assertThat(p.closes).hasValue(1);
        assertThat(rc.isClosed()).isTrue();
        assertThatThrownBy(rc::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("retired");
        assertThat(rc.tryAcquire()).isNull();
    }

    @Test
    void closesWhenTheLastLeaseIsReleased() {
        Probe p = new Probe();
        RefCounted<Probe> rc = new RefCounted<>(p);
        RefCounted.Lease<Probe> a = rc.acquire();
        RefCounted.Lease<Probe> b = rc.acquire();
        assertThat(rc.openLeases()).isEqualTo(2);
        rc.retire();
        assertThat(p.closes).hasValue(0);
        a.close();
        a.close(); // a second close of the same lease must not release b's reference
        assertThat(p.closes).hasValue(0);
        assertThat(b.get()).isSameAs(p);
        b.close();
        assertThat(p.closes).hasValue(1);
        assertThat(rc.openLeases()).isZero();
        assertThatThrownBy(b::get).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeFailureGoesToTheHandler() {
        AtomicReference<Exception> seen = new AtomicReference<>();
        AutoCloseable failing = () -> {
            throw new java.io.IOException("boom");
        };
        RefCounted<AutoCloseable> rc = new RefCounted<>(failing, seen::set);
        try (var lease = rc.acquire()) {
            rc.retire();
        }
        assertThat(seen.get()).hasMessage("boom");
        assertThat(rc.isClosed()).isTrue();
    }

    /**
     * jcstress-style: many rounds, each racing reader threads (acquire, use, release in a loop) against
     * one retiring thread at a random moment. Every round must close exactly once, never while a lease
     * is in use, and never let a lease see a closed resource.
     */
    @Test
    void concurrentLeasesAndRetireCloseExactlyOnceAfterTheLastLease() throws Exception {
        int threads = 4, rounds = 3_000;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier end = new CyclicBarrier(threads + 1);
        AtomicReference<RefCounted<Probe>> current = new AtomicReference<>();
        AtomicInteger acquiredAfterRetireObserved = new AtomicInteger();
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        start.await();
                        RefCounted<Probe> rc = current.get();
                        int attempts = ThreadLocalRandom.current().nextInt(1, 40);
                        for (int a = 0; a < attempts; a++) {
                            RefCounted.Lease<Probe> lease = rc.tryAcquire();
                            if (lease == null) {
                                acquiredAfterRetireObserved.incrementAndGet();
                                break;
                            }
                            try (lease) {
                                lease.get().use();
                            }
                        }
                        end.await();
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
            t.start();
            workers.add(t);
        }
        int closedWhileLeasesOpen = 0;
        for (int r = 0; r < rounds; r++) {
            Probe probe = new Probe();
            RefCounted<Probe> rc = new RefCounted<>(probe);
            current.set(rc);
            start.await();
            int spin = ThreadLocalRandom.current().nextInt(0, 500);
            for (int s = 0; s < spin; s++) {
                Thread.onSpinWait();
            }
            rc.retire();
            if (probe.closes.get() == 0) {
                closedWhileLeasesOpen++; // retire found leases open: close must come from a worker
            }
            end.await();
            assertThat(probe.closes).as("round %d closes", r).hasValue(1);
            assertThat(probe.violations).as("round %d violations", r).hasValue(0);
            assertThat(rc.openLeases()).isZero();
        }
        done.await();
        for (Thread t : workers) {
            t.join();
        }
        assertThat(errors).isEmpty();
        // Both interleavings must actually have been exercised, or the test proves little.
        assertThat(closedWhileLeasesOpen).as("rounds where a worker did the close").isPositive();
        assertThat(acquiredAfterRetireObserved.get()).as("acquires refused after retire").isPositive();
        System.out.printf("RefCounted stress: %d rounds, %d closed by a worker, %d refused acquires%n",
                rounds, closedWhileLeasesOpen, acquiredAfterRetireObserved.get());
    }
}
