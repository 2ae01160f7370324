package io.specialist.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that keep asking serving for completions of one domain while the loop runs, counting every
 * failed request (any status but 200, or no answer) and which model versions answered.
 */
final class QueryLoop implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ok = new AtomicLong();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    QueryLoop(String servingUrl, String model, String prompt, int clients) {
        for (int i = 0; i < clients; i++) {
            int seed = i;
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        Http.Response response = Http.post(servingUrl + "/v1/completions",
                                Map.of("model", model, "prompt", prompt, "max_tokens", 8, "seed", seed));
                        if (response.status() == 200) {
                            ok.incrementAndGet();
                            versions.computeIfAbsent(response.modelVersion(), v -> new AtomicLong()).incrementAndGet();
                        } else {
                            failures.add(response.status() + " " + response.body());
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.getMessage());
                    }
                }
            }, "query-loop-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    long succeeded() {
        return ok.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Map<String, Long> versions() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        versions.forEach((k, v) -> copy.put(String.valueOf(k), v.get()));
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }
}
