package io.specialist.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.specialist.drift.support.Api;
import io.specialist.drift.support.InjectUpstream;
import io.specialist.drift.support.Produce;
import io.specialist.drift.support.Upstream;
import io.specialist.drift.support.UpstreamResource;
import io.specialist.events.CloudEventHeaders;
import io.specialist.events.DriftDetected;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.TestKafka;
import io.specialist.testing.TinyModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole path against a real broker, a real database and a real tiny ONNX model: events in, texts
 * fetched from (a stand-in) ingest, scored, detected, persisted, DriftDetected out.
 */
@QuarkusTest
@TestProfile(H2Profile.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(UpstreamResource.class)
class DriftDetectionTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @InjectKafkaBroker
    KafkaBroker broker;

    @InjectUpstream
    Upstream upstream;

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<DriftDetected> detections(String domain, int atLeast, Duration timeout) {
        List<ConsumerRecord<String, String>> records = TestKafka.consume(broker.bootstrapServers(), Topics.DRIFT_DETECTED,
                atLeast, timeout, r -> domain.equals(r.key()));
        records.forEach(r -> assertThat(CloudEventHeaders.readFrom(r.headers()).type()).isEqualTo(Topics.TYPE_DRIFT_DETECTED));
        return records.stream().map(r -> EventCodec.fromJson(r.value(), DriftDetected.class)).toList();
    }

    /** Publishes the base model's weights as the domain's own model, with its held-out documents in ingest. */
    private void publishOwnModel(String domain, List<String> heldOut, Map<String, Double> metrics) {
        TinyModels.TinyModel own = TinyModels.general().relabel(domain + "@1", domain);
        upstream.addModel(own, metrics);
        heldOut.forEach(text -> upstream.addDocument(domain, "heldout", text));
        Produce.published(broker.bootstrapServers(), own.version(), domain, own.sha256(),
                upstream.baseUrl() + "/v1/models/" + own.version() + "/artifact", metrics);
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'drift-models' }.data.'model." + domain + "'", equalTo(own.version())));
    }

    @Test
    void inDistributionStreamStaysQuietAndASwitchToCodeFiresOnceWithinAFewDocuments() {
        String domain = unique("prose");
        List<String> prose = TinyModels.heldOutProse(600);
        List<String> reference = new ArrayList<>();
        List<String> stream = new ArrayList<>();
        for (int i = 0; i < prose.size(); i++) {
            (i % 3 == 0 ? reference : stream).add(prose.get(i));
        }
        // CUSUM assumes independent scores; consecutive chunks of one text are correlated (a long text's
        // hard passage makes several hard chunks in a row), which is not the in-distribution case tested here.
        Collections.shuffle(stream, new Random(7));
        publishOwnModel(domain, reference.subList(0, 150), Map.of());

        List<Upstream.Doc> quiet = new ArrayList<>();
        for (String text : stream.subList(0, 200)) {
            quiet.add(upstream.addDocument(domain, quiet.size() % 5 == 4 ? "heldout" : "train", text));
        }
        Produce.ingested(broker.bootstrapServers(), quiet);
        await().atMost(WAIT).until(() -> Api.documents(domain) == 200);
        JsonPath state = Api.domain(domain);
        assertThat(state.getString("state")).isEqualTo("MONITORING");
        assertThat(state.getString("test")).isEqualTo("cusum");
        assertThat(state.getBoolean("ownModel")).isTrue();
        assertThat(state.getLong("scored")).isEqualTo(200);
        assertThat(state.getLong("detections")).isZero();
        assertThat(state.getDouble("statistic")).isLessThan(state.getDouble("threshold"));
        assertThat(state.getString("reference.source")).isEqualTo("heldout");
        assertThat(state.getLong("reference.count")).isEqualTo(150);
        assertThat(state.getDouble("reference.targetArl")).isEqualTo(20_000.0); // 10k x safety factor 2

        List<Upstream.Doc> code = new ArrayList<>();
        for (String text : TinyModels.code(60, 600, 11)) {
            code.add(upstream.addDocument(domain, "train", text));
        }
        Produce.ingested(broker.bootstrapServers(), code);
        await().atMost(WAIT).until(() -> Api.documents(domain) == 260);

        List<DriftDetected> events = detections(domain, 1, WAIT);
        assertThat(events).hasSize(1);
        DriftDetected d = events.get(0);
        List<String> codeIds = code.stream().map(Upstream.Doc::id).toList();
        int firedAt = codeIds.indexOf(d.windowDocIds().get(d.windowDocIds().size() - 1));
        assertThat(firedAt).as("documents after the change point until detection").isBetween(0, 20);
        assertThat(d.modelVersion()).isEqualTo(domain + "@1");
        assertThat(d.statistic()).isGreaterThan(d.threshold());
        assertThat(codeIds).containsAll(d.windowDocIds().subList(Math.max(0, d.windowDocIds().size() - firedAt - 1),
                d.windowDocIds().size()));
        assertThat(d.signals().get("bitsPerByteMean")).isGreaterThan(d.signals().get("referenceBitsPerByteMean"));
        assertThat(d.signals().get("rarePairShareMean")).isGreaterThan(d.signals().get("referenceRarePairShareMean"));
        assertThat(d.signals()).containsKeys("tokensPerByteMean", "referenceTokensPerByteMean", "zMean");

        // Once per change: the rest of the code documents fall into the cooldown.
        JsonPath after = Api.domain(domain);
        assertThat(after.getLong("detections")).isEqualTo(1);
        assertThat(after.getString("state")).isEqualTo("COOLDOWN");
        assertThat(after.getString("lastDetection.reason")).isEqualTo("cusum");
        assertThat(after.getString("lastDetection.publishedAt")).isNotNull();
        assertThat(Api.metric("drift_documents_scored_total", "domain=\"" + domain + "\"")).isEqualTo(260);
        assertThat(Api.metric("drift_detections_total", "domain=\"" + domain + "\"", "reason=\"cusum\"")).isEqualTo(1);
        assertThat(Api.metric("drift_score_bits_per_byte_count", "domain=\"" + domain + "\"")).isEqualTo(260);
    }

    @Test
    void aDomainWithoutItsOwnModelFiresOnceItHasMinDocumentsTrainingDocuments() {
        String domain = unique("legal");
        List<String> texts = TinyModels.heldOutProse(400);
        List<Upstream.Doc> first = new ArrayList<>();
        for (int i = 0; i < 49; i++) {
            first.add(upstream.addDocument(domain, "train", texts.get(i)));
        }
        for (int i = 49; i < 59; i++) {
            first.add(upstream.addDocument(domain, "heldout", texts.get(i))); // held-out documents do not count
        }
        Produce.ingested(broker.bootstrapServers(), first);
        await().atMost(WAIT).until(() -> Api.documents(domain) == 59);
        JsonPath state = Api.domain(domain);
        assertThat(state.getString("state")).isEqualTo("COLLECTING");
        assertThat(state.getString("test")).isEqualTo("min-documents");
        assertThat(state.getBoolean("ownModel")).isFalse();
        assertThat(state.getString("servedBy")).isEqualTo("general@1");
        assertThat(state.getLong("scored")).isEqualTo(59); // scored with the base model for the signals
        assertThat(state.getDouble("statistic")).isEqualTo(49.0);
        assertThat(state.getDouble("threshold")).isEqualTo(50.0);
        assertThat(state.getLong("detections")).isZero();

        Upstream.Doc fiftieth = upstream.addDocument(domain, "train", texts.get(60));
        List<Upstream.Doc> more = new ArrayList<>(List.of(fiftieth));
        for (int i = 61; i < 81; i++) {
            more.add(upstream.addDocument(domain, "train", texts.get(i)));
        }
        Produce.ingested(broker.bootstrapServers(), more);
        List<DriftDetected> events = detections(domain, 1, WAIT);
        assertThat(events).hasSize(1);
        DriftDetected d = events.get(0);
        assertThat(d.modelVersion()).isNull();
        assertThat(d.statistic()).isEqualTo(50.0);
        assertThat(d.threshold()).isEqualTo(50.0);
        assertThat(d.windowDocIds()).hasSize(50).endsWith(fiftieth.id());
        assertThat(d.signals()).containsKey("bitsPerByteMean");
        await().atMost(WAIT).until(() -> Api.documents(domain) == 80);
        assertThat(Api.domain(domain).getLong("detections")).isEqualTo(1);
        // Texts came in batches from the list endpoint, not one request per document.
        assertThat(upstream.requests("document-list")).isPositive();
    }

    @Test
    void aNewModelResetsTheDetectorAndAnArtifactWithTheWrongChecksumIsRefused() {
        String domain = unique("reset");
        List<String> texts = TinyModels.heldOutProse(500);
        List<Upstream.Doc> docs = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            docs.add(upstream.addDocument(domain, "train", texts.get(100 + i)));
        }
        Produce.ingested(broker.bootstrapServers(), docs);
        await().atMost(WAIT).until(() -> Api.documents(domain) == 55);
        assertThat(Api.domain(domain).getLong("detections")).isEqualTo(1); // new domain at 50

        // A published model whose artifact does not match its checksum is refused.
        TinyModels.TinyModel own = TinyModels.general().relabel(domain + "@1", domain);
        double refusedBefore = Api.metric("drift_models_refused_total", "domain=\"" + domain + "\"");
        upstream.addModel(new Upstream.Model(own.version(), domain, own.sha256(), TinyModels.general().onnx(), Map.of()));
        Produce.published(broker.bootstrapServers(), own.version(), domain, own.sha256(), "unused", Map.of());
        await().atMost(WAIT).until(() ->
                Api.metric("drift_models_refused_total", "domain=\"" + domain + "\"") > refusedBefore);
        assertThat(Api.domain(domain).getString("servedBy")).isEqualTo("general@1");

        // The right artifact (version 2), with only the published reference metrics (no held-out documents).
        TinyModels.TinyModel v2 = TinyModels.general().relabel(domain + "@2", domain);
        Map<String, Double> metrics = Map.of("referenceBitsPerByteMean", 2.6, "referenceBitsPerByteStd", 0.35,
                "referenceCount", 80.0);
        upstream.addModel(v2, metrics);
        Produce.published(broker.bootstrapServers(), v2.version(), domain, v2.sha256(), "unused", metrics);
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'drift-models' }.data.'model." + domain + "'", equalTo(v2.version())));
        Produce.ingested(broker.bootstrapServers(), List.of(upstream.addDocument(domain, "train", texts.get(200))));
        await().atMost(WAIT).until(() -> {
            JsonPath s = Api.domain(domain);
            return s != null && (domain + "@2").equals(s.getString("modelVersion"));
        });
        JsonPath state = Api.domain(domain);
        assertThat(state.getBoolean("ownModel")).isTrue();
        assertThat(state.getString("state")).isEqualTo("MONITORING");
        assertThat(state.getLong("documents")).isEqualTo(1);
        assertThat(state.getLong("detections")).isZero();
        assertThat(state.getString("reference.source")).isEqualTo("published");
        assertThat(state.getDouble("reference.bitsPerByteMean")).isEqualTo(2.6);
        assertThat(state.getDouble("threshold")).isPositive();
        assertThat(state.getString("lastDetection.reason")).isEqualTo("new-domain"); // history is kept
    }
}
