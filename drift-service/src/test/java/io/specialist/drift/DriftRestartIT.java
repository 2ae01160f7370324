package io.specialist.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import io.specialist.drift.support.Produce;
import io.specialist.drift.support.Upstream;
import io.specialist.events.DriftDetected;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.FreePorts;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.TestKafka;
import io.specialist.testing.TinyModels;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restart safety of the packaged application: the built {@code quarkus-run.jar} runs as a process against
 * a real broker and an H2 file database, is stopped, started again on the same database, and continues
 * with the detector state it had.
 */
class DriftRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static KafkaBroker broker;
    private static Upstream upstream;
    private static Path home;
    private static Process app;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        broker = KafkaBroker.start(2);
        broker.createTopics(Topics.ALL, 2);
        upstream = new Upstream();
        upstream.addModel(TinyModels.general(), Map.of());
        List<String> prose = TinyModels.heldOutProse(600);
        for (int i = 0; i < 120; i++) {
            upstream.addDocument(TinyModels.GENERAL_DOMAIN, "heldout", prose.get(i)); // the reference of general@1
        }
        home = Files.createTempDirectory("drift-restart-");
        port = FreePorts.next();
    }

    @AfterAll
    static void stop() throws IOException {
        stopApp();
        if (upstream != null) {
            upstream.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (home != null) {
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static void startApp(String logName) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("build the application first (mvn package)").exists();
        ProcessBuilder pb = new ProcessBuilder("java", "--add-modules", "jdk.incubator.vector", "-jar", jar.toString());
        pb.environment().put("SPECIALIST_HOME", home.toString());
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        pb.environment().put("SPECIALIST_TRAINER_URL", upstream.baseUrl());
        pb.environment().put("SPECIALIST_INGEST_URL", upstream.baseUrl());
        pb.environment().put("ORT_DISABLE_TELEMETRY", "1");
        pb.redirectErrorStream(true).redirectOutput(home.resolve(logName).toFile());
        app = pb.start();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(app.isAlive()).as("drift-service exited; see " + home.resolve(logName)).isTrue();
            try {
                return given().baseUri("http://127.0.0.1:" + port).when().get("/q/health/ready").statusCode() == 200
                        && given().baseUri("http://127.0.0.1:" + port).when().get("/q/health/ready").jsonPath()
                        .getString("checks.find { it.name == 'drift-models' }.data.baseModel").equals("general@1");
            } catch (Exception e) { // not listening yet (RestAssured rethrows ConnectException unchecked)
                return false;
            }
        });
    }

    private static void stopApp() {
        if (app != null && app.isAlive()) {
            app.destroy(); // SIGTERM: a graceful Quarkus shutdown
            try {
                if (!app.waitFor(60, TimeUnit.SECONDS)) {
                    app.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static JsonPath domain(String domain) {
        var r = given().baseUri("http://127.0.0.1:" + port).when().get("/v1/drift/{d}", domain);
        return r.statusCode() == 200 ? r.jsonPath() : null;
    }

    private static long documents(String domain) {
        JsonPath json = domain(domain);
        return json == null ? 0 : json.getLong("documents");
    }

    @Test
    void stateSurvivesARestartAndDetectionContinuesFromIt() throws IOException {
        startApp("first.log");
        List<String> prose = TinyModels.heldOutProse(600);
        List<Upstream.Doc> general = new ArrayList<>();
        for (int i = 200; i < 230; i++) {
            general.add(upstream.addDocument(TinyModels.GENERAL_DOMAIN, "train", prose.get(i)));
        }
        List<Upstream.Doc> legal = new ArrayList<>();
        for (int i = 300; i < 320; i++) {
            legal.add(upstream.addDocument("legal", "train", prose.get(i)));
        }
        Produce.ingested(broker.bootstrapServers(), general);
        Produce.ingested(broker.bootstrapServers(), legal);
        await().atMost(WAIT).until(() -> documents(TinyModels.GENERAL_DOMAIN) == 30 && documents("legal") == 20);
        JsonPath before = domain(TinyModels.GENERAL_DOMAIN);
        assertThat(before.getString("state")).isEqualTo("MONITORING");
        assertThat(before.getString("reference.source")).isEqualTo("heldout");

        stopApp();
        startApp("second.log");

        JsonPath after = domain(TinyModels.GENERAL_DOMAIN);
        assertThat(after.getDouble("statistic")).isEqualTo(before.getDouble("statistic"));
        assertThat(after.getLong("documents")).isEqualTo(30);
        assertThat(after.getList("window.docIds")).isEqualTo(before.getList("window.docIds"));
        assertThat(after.getList("window.documents.bitsPerByte")).isEqualTo(before.getList("window.documents.bitsPerByte"));
        // The reference is computed once per model version and reused, not recalibrated.
        assertThat(after.getString("reference.calibratedAt")).isEqualTo(before.getString("reference.calibratedAt"));
        assertThat(after.getDouble("threshold")).isEqualTo(before.getDouble("threshold"));
        JsonPath legalState = domain("legal");
        assertThat(legalState.getLong("trainDocuments")).isEqualTo(20);

        // The new-domain count continues across the restart: 30 more make 50 and fire.
        List<Upstream.Doc> more = new ArrayList<>();
        for (int i = 320; i < 350; i++) {
            more.add(upstream.addDocument("legal", "train", prose.get(i)));
        }
        Produce.ingested(broker.bootstrapServers(), more);
        List<ConsumerRecord<String, String>> records = TestKafka.consume(broker.bootstrapServers(), Topics.DRIFT_DETECTED,
                1, WAIT, r -> "legal".equals(r.key()));
        assertThat(records).hasSize(1);
        DriftDetected d = EventCodec.fromJson(records.get(0).value(), DriftDetected.class);
        assertThat(d.statistic()).isEqualTo(50.0);
        assertThat(d.windowDocIds()).endsWith(more.get(29).id());
        assertThat(Files.readString(home.resolve("second.log"))).doesNotContain("Exception");
    }
}
