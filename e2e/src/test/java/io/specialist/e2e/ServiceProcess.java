package io.specialist.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Specialist service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own
 * operating-system process, as a user would run it. The end-to-end test builds nothing: a missing jar is
 * a clear failure that says to package first.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private Process process;

    ServiceProcess(String name, int port, Path projectRoot, Path logDir, Map<String, String> properties,
            Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.jar = projectRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        this.log = logDir.resolve(name + ".log");
        this.properties = Map.copyOf(properties);
        this.environment = Map.copyOf(environment);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn -B verify does it "
                    + "before this test; or mvn -B -DskipTests package)");
        }
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    ServiceProcess start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // ONNX Runtime 1.29 starts a telemetry uploader on Linux unless this is set before the JVM starts.
            builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
            builder.environment().putAll(environment);
            process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200, failing early if the process died. */
    ServiceProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Simulates a crash: SIGKILL, no shutdown hooks, nothing flushed. */
    void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void waitFor() {
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
