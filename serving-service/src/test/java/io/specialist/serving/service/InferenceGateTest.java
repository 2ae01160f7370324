package io.specialist.serving.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InferenceGateTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void beyondCapacityAndQueueRequestsGet503WithRetryAfter() throws Exception {
        InferenceGate gate = new InferenceGate(1, 1, Duration.ofSeconds(5), 3, metrics);
        InferenceGate.Permit running = gate.enter();
        CompletableFuture<InferenceGate.Permit> queued = CompletableFuture.supplyAsync(gate::enter);
        await(() -> metrics.get("specialist.serving.inference.waiting").gauge().value() == 1.0);
        assertThatThrownBy(gate::enter).isInstanceOfSatisfying(ServingException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfterSeconds()).isEqualTo(3);
            assertThat(e.getMessage()).contains("already waiting");
        });
        running.close();
        queued.get(5, TimeUnit.SECONDS).close();
        assertThat(metrics.get("specialist.serving.requests.rejected").tag("reason", "queue-full").counter().count()).isEqualTo(1);
    }

    @Test
    void waitingIsBoundedInTime() {
        InferenceGate gate = new InferenceGate(1, 10, Duration.ofMillis(100), 1, metrics);
        try (InferenceGate.Permit ignored = gate.enter()) {
            long start = System.nanoTime();
            assertThatThrownBy(gate::enter).isInstanceOf(ServingException.class).hasMessageContaining("within 100 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        }
        gate.enter().close(); // the slot was released
    }

    @Test
    void closingAPermitTwiceReleasesOnce() {
        InferenceGate gate = new InferenceGate(1, 0, Duration.ofMillis(10), 1, metrics);
        InferenceGate.Permit p = gate.enter();
        p.close();
        p.close();
        InferenceGate.Permit again = gate.enter();
        assertThatThrownBy(gate::enter).isInstanceOf(ServingException.class);
        again.close();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(5);
        }
    }
}
