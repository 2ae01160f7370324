package io.specialist.model.ort;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real ORT sessions swapped under load through {@link RefCounted}: closing a session while another
 * thread is inside {@code run()} would crash the JVM, so merely finishing proves the leases work.
 */
class HotSwapTest {

    static final int SWAPS = 12;

    @Test
    void swappingSessionsUnderLoadNeverClosesOneInUse() throws Exception {
        TinyModel tiny = TinyModel.create(32, 32, 2, 4, 21);
        AtomicReference<RefCounted<OrtLanguageModel>> current =
                new AtomicReference<>(new RefCounted<>(OrtLanguageModel.load(tiny.onnx(), 1)));
        double expected;
        try (var lease = current.get().acquire()) {
            expected = lease.get().score("The river rose").bitsPerByte();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger(), retries = new AtomicInteger();
        List<Throwable> errors = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(3);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread w = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    RefCounted.Lease<OrtLanguageModel> lease = current.get().tryAcquire();
                    if (lease == null) {
                        retries.incrementAndGet(); // retired between get() and tryAcquire(): re-read
                        continue;
                    }
                    try (lease) {
                        double bpb = lease.get().score("The river rose").bitsPerByte();
                        lease.get().generate(GenerationRequest.greedy("The", 4));
                        if (Math.abs(bpb - expected) > 1e-4 * expected) {
                            throw new AssertionError("score changed: " + bpb + " vs " + expected);
                        }
                        calls.incrementAndGet();
                    } catch (Throwable e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        started.await();
        List<RefCounted<OrtLanguageModel>> retired = new ArrayList<>();
        for (int swap = 0; swap < SWAPS; swap++) {
            RefCounted<OrtLanguageModel> next = new RefCounted<>(OrtLanguageModel.load(tiny.onnx(), 1));
            RefCounted<OrtLanguageModel> old = current.getAndSet(next);
            old.retire();
            retired.add(old);
            Thread.sleep(15);
        }
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        current.get().retire();
        assertThat(errors).isEmpty();
        assertThat(retired).allMatch(RefCounted::isClosed);
        assertThat(calls.get()).isPositive();
        System.out.printf("hot swap: " + SWAPS + " swaps, %d calls, %d re-reads of a retired handle%n", calls.get(), retries.get());
    }
}
