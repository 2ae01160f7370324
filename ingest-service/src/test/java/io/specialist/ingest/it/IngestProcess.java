package io.specialist.ingest.it;

import io.specialist.testing.FreePorts;
import java.io.IOException;
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

/** The packaged ingest-service (target/quarkus-app) run as a separate process, to stop, kill and restart it. */
final class IngestProcess {

    private final Path jar;
    private final Path home;
    private final String bootstrapServers;
    private final Map<String, String> extraProperties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int port;
    private int starts;
    private Path log;

    IngestProcess(Path jar, Path home, String bootstrapServers, Map<String, String> extraProperties) {
        this.jar = jar;
        this.home = home;
        this.bootstrapServers = bootstrapServers;
        this.extraProperties = extraProperties;
    }

    /** Starts the app and waits until /q/health/ready answers UP. */
    void start(Duration timeout) throws IOException, InterruptedException {
        port = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrapServers,
                "-Dspecialist.home=" + home,
                // A killed member would otherwise hold its partitions for the default 45 s session.
                "-Dmp.messaging.incoming.documents-raw.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.documents-raw.heartbeat.interval.ms=1000"));
        extraProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        log = home.resolve("ingest-" + (++starts) + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ingest-service exited with " + process.exitValue() + "; log:\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(uri("/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("ingest-service not ready within " + timeout + "; log:\n" + Files.readString(log));
    }

    /**
     * SIGTERM: Quarkus shuts down gracefully (the relay finishes and marks its round, the consumer leaves
     * the group). Returns whether the process ended by itself within {@code timeout}; if not it is killed,
     * and the stop was not graceful.
     */
    boolean stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    /** SIGKILL: no shutdown hook, no commit of anything in flight. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The log of the last start. */
    Path log() {
        return log;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
