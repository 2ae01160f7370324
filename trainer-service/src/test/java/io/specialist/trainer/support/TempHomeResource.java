package io.specialist.trainer.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A fresh {@code specialist.home} (and so an empty registry) per test application, deleted afterwards. */
public class TempHomeResource implements QuarkusTestResourceLifecycleManager {

    private Path home;

    @Override
    public Map<String, String> start() {
        try {
            home = Files.createTempDirectory("specialist-trainer-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("specialist.home", home.toString(),
                "specialist.trainer.registry-path", home.resolve("registry").toString());
    }

    @Override
    public void stop() {
        if (home == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
