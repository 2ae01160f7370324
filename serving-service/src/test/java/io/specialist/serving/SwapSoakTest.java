package io.specialist.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.specialist.serving.service.LoadedModel;
import io.specialist.serving.service.ModelCatalog;
import io.specialist.serving.service.SwapManager;
import io.specialist.serving.support.InjectTrainerRegistry;
import io.specialist.serving.support.TestModels;
import io.specialist.serving.support.TrainerRegistryResource;
import io.specialist.serving.support.TrainerRegistryServer;
import io.specialist.serving.support.TrainerRegistryServer.Entry;
import io.specialist.testing.H2Profile;
import io.specialist.testing.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 200 swaps through the real path (download, sha256, load, warm-up, swap, retire) with a request loop
 * running: every replaced session is closed and the process's resident memory does not grow. The test
 * JVM runs with a fixed, pre-touched heap (see the pom), so RSS moves with native memory. The numbers
 * are printed so they can be recorded; the bound is generous on purpose (allocator noise).
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
@QuarkusTestResource(TrainerRegistryResource.class)
class SwapSoakTest {

    static final int SWAPS = 200;
    static final int BASELINE_AT = 40;
    /** Allowed RSS growth between swap 40 and swap 200. A leak of one session per swap would exceed it. */
    static final long MAX_GROWTH_KB = 96 * 1024;

    @InjectTrainerRegistry
    TrainerRegistryServer registry;
    @Inject
    SwapManager swaps;
    @Inject
    ModelCatalog catalog;

    @Test
    void twoHundredSwapsCloseEverySessionAndKeepMemoryFlat() throws Exception {
        CompletionResourceTest.awaitModels();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<?> load = client.submit(() -> {
            while (!stop.get()) {
                Response r = given().contentType(ContentType.JSON).body(Map.of("model", "soak", "prompt", "x", "max_tokens", 3))
                        .post("/v1/completions");
                if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failures.add(r.statusCode() + " " + r.asString());
                }
            }
        });
        List<LoadedModel> replaced = new ArrayList<>();
        long baselineKb = 0;
        long started = System.nanoTime();
        String previous = TrainerRegistryResource.BASE;
        for (int n = 1; n <= SWAPS; n++) {
            String version = "soak@" + n;
            Entry entry = registry.add(version, previous, TestModels.onnx(version));
            swaps.onPublished(registry.event(entry));
            LoadedModel active = catalog.active("soak").orElseThrow();
            assertThat(active.version()).hasToString(version);
            replaced.add(active);
            registry.remove(previous); // keep the registry's memory flat too
            previous = version;
            if (n == BASELINE_AT) {
                baselineKb = rssKb();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        stop.set(true);
        load.get(60, TimeUnit.SECONDS);
        client.shutdown();
        long endKb = rssKb();
        System.out.printf("SOAK swaps=%d seconds=%.1f requests=%d rssAtSwap%d=%d KB rssAtSwap%d=%d KB growth=%d KB"
                + " (heap committed %d MB, fixed)%n", SWAPS, seconds, ok.get(), BASELINE_AT, baselineKb, SWAPS, endKb,
                endKb - baselineKb, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20);

        assertThat(failures).as("requests failed during the soak").isEmpty();
        // active + keep-previous (2) stay open; every other replaced session was closed
        List<LoadedModel> closedExpected = replaced.subList(0, SWAPS - 3);
        assertThat(closedExpected).allMatch(m -> m.handle().isClosed(), "session closed");
        assertThat(replaced.subList(SWAPS - 3, SWAPS)).noneMatch(m -> m.handle().isClosed());
        assertThat(endKb - baselineKb).as("RSS growth over %d swaps (KB)", SWAPS - BASELINE_AT).isLessThan(MAX_GROWTH_KB);
    }

    /** Resident set size of this JVM after a GC, from /proc/self/status. */
    static long rssKb() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
