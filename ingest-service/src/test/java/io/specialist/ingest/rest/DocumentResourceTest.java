package io.specialist.ingest.rest;

import static io.restassured.RestAssured.given;
import static io.specialist.ingest.IngestTestSupport.awaitRecords;
import static io.specialist.ingest.IngestTestSupport.json;
import static io.specialist.ingest.IngestTestSupport.uniqueDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.specialist.events.EventCodec;
import io.specialist.events.Topics;
import io.specialist.ingest.service.ContentHash;
import io.specialist.testing.H2Profile;
import io.specialist.testing.InjectKafkaBroker;
import io.specialist.testing.KafkaBroker;
import io.specialist.testing.KafkaBrokerResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST API of ingest: uploads in three shapes, every bad input class, reads, paging, domains. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
class DocumentResourceTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String NDJSON = "application/x-ndjson";

    @InjectKafkaBroker
    KafkaBroker broker;

    @BeforeAll
    static void logFailures() {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static ValidatableResponse postJson(String body) {
        return given().contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .post("/v1/documents").then();
    }

    private static ValidatableResponse postNdjson(byte[] body) {
        return given().contentType(NDJSON).body(body).post("/v1/documents").then();
    }

    @Test
    void singleDocumentIsStoredReadableAndAnnounced() {
        String domain = uniqueDomain("rest");
        String id = postJson("{\"domain\":\"" + domain + "\",\"text\":\"  Habeas   corpus.\\r\\n\",\"title\":\"Writs\","
                + "\"source\":\"https://example.org/writs\",\"publishedAt\":\"2024-05-01T12:00:00Z\"}")
                .statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0))
                .body("results[0].status", equalTo("accepted")).body("results[0].index", equalTo(0))
                .extract().path("results[0].id");

        given().get("/v1/documents/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("domain", equalTo(domain)).body("kind", equalTo("document"))
                .body("text", equalTo("Habeas corpus.")).body("title", equalTo("Writs"))
                .body("source", equalTo("https://example.org/writs"))
                .body("sha256", equalTo(ContentHash.sha256("Habeas corpus."))).body("bytes", equalTo(14))
                .body("split", notNullValue()).body("seq", notNullValue()).body("ingestedAt", notNullValue())
                .body("publishedAt", equalTo("2024-05-01T12:00:00Z")).body("prompt", nullValue());

        var events = awaitRecords(broker, Topics.DOCUMENTS_INGESTED, domain, 1, Duration.ofSeconds(30));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).value()).contains(id);
    }

    @Test
    void duplicatesAreReportedWithTheStoredIdAndStoredOnce() {
        String domain = uniqueDomain("dup");
        String id = postJson(json(domain, "Res judicata.")).statusCode(202).extract().path("results[0].id");
        postJson(json(domain, " Res   judicata. \\n\\n")).statusCode(202)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1))
                .body("results[0].status", equalTo("duplicate")).body("results[0].id", equalTo(id));
        // Same content in another domain is another document.
        String other = uniqueDomain("dup");
        postJson(json(other, "Res judicata.")).statusCode(202).body("results[0].status", equalTo("accepted"));
        given().get("/v1/domains/" + domain).then().statusCode(200)
                .body("documents", equalTo(1)).body("duplicates", equalTo(1));
    }

    @Test
    void producerIdsAreKeptAndAConflictingReuseIsRefused() {
        String domain = uniqueDomain("ids");
        String docId = "case-" + domain;
        postJson("{\"domain\":\"" + domain + "\",\"id\":\"" + docId + "\",\"text\":\"First.\"}").statusCode(202)
                .body("results[0].id", equalTo(docId));
        postJson("{\"domain\":\"" + domain + "\",\"id\":\"" + docId + "\",\"text\":\"First.\"}").statusCode(202)
                .body("results[0].status", equalTo("duplicate"));
        postJson("{\"domain\":\"" + domain + "\",\"id\":\"" + docId + "\",\"text\":\"Something else.\"}")
                .statusCode(409).contentType(PROBLEM).body("status", equalTo(409))
                .body("detail", containsString("already names a different document"));
    }

    @Test
    void everyBadInputClassGetsAProblem() {
        String domain = uniqueDomain("bad");
        postJson("not json at all").statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Payload is not valid JSON")).body("detail", containsString("not valid JSON"))
                .body("instance", equalTo("/v1/documents"));
        postJson("{\"domain\":\"" + domain + "\",\"text\":42}").statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("field 'text' must be a string, got a number"));
        postJson("\"just a string\"").statusCode(400).contentType(PROBLEM);
        postJson("{\"domain\":\"" + domain + "\"}").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("field 'text' is required"));
        postJson("{\"text\":\"orphan\"}").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("field 'domain' is required"));
        postJson("{\"domain\":\"" + domain + "\",\"text\":\" \\t\\n \"}").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("empty"));
        postJson("{\"domain\":\"Legal Docs\",\"text\":\"x\"}").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("lowercase"));
        postJson("{\"domain\":\"" + domain + "\",\"text\":\"" + "a".repeat(1_048_577) + "\"}").statusCode(413)
                .contentType(PROBLEM).body("detail", containsString("limit is 1048576 bytes"));
        byte[] latin1 = ("{\"domain\":\"" + domain + "\",\"text\":\"na\u00efve\"}").getBytes(StandardCharsets.ISO_8859_1);
        given().contentType("application/json").body(latin1).post("/v1/documents").then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("not valid UTF-8"));
        given().contentType("text/plain").body("hello").post("/v1/documents").then()
                .statusCode(415).contentType(PROBLEM);
        // Nothing of the above was stored.
        given().get("/v1/domains/" + domain).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void jsonArrayGivesPerItemResults() {
        String domain = uniqueDomain("array");
        String body = "[" + json(domain, "One.") + "," + json(domain, "Two.") + ",{\"domain\":\"" + domain + "\"},"
                + json(domain, "One.") + ",7]";
        ValidatableResponse response = postJson(body).statusCode(202)
                .body("accepted", equalTo(2)).body("duplicates", equalTo(1)).body("rejected", equalTo(2))
                .body("results", hasSize(5))
                .body("results[0].status", equalTo("accepted")).body("results[1].status", equalTo("accepted"))
                .body("results[2].status", equalTo("rejected")).body("results[2].error", equalTo("Required field missing"))
                .body("results[3].status", equalTo("duplicate")).body("results[4].status", equalTo("rejected"))
                .body("results[4].index", equalTo(4));
        String first = response.extract().path("results[0].id");
        assertThat((String) response.extract().path("results[3].id")).isEqualTo(first);

        postJson("[{\"domain\":\"" + domain + "\"},{\"text\":\"x\"}]").statusCode(422).contentType(PROBLEM)
                .body("errors", hasSize(2)).body("errors[0].pointer", equalTo("/0"))
                .body("errors[1].detail", containsString("'domain' is required"));
        postJson("[]").statusCode(400).contentType(PROBLEM);
    }

    @Test
    void ndjsonGivesPerLineResultsIncludingBrokenLines() throws IOException {
        String domain = uniqueDomain("nd");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write((json(domain, "Line one.") + "\n\n").getBytes(StandardCharsets.UTF_8));
        body.write(("{\"domain\":\"" + domain + "\",\"text\":\"caf\u00e9\"}\n").getBytes(StandardCharsets.ISO_8859_1));
        body.write(("{broken\r\n" + json(domain, "Line one.") + "\r\n" + json(domain, "Line six.")).getBytes(StandardCharsets.UTF_8));
        postNdjson(body.toByteArray()).statusCode(202)
                .body("accepted", equalTo(2)).body("duplicates", equalTo(1)).body("rejected", equalTo(2))
                .body("results.line", org.hamcrest.Matchers.contains(1, 3, 4, 5, 6))
                .body("results[1].detail", containsString("not valid UTF-8"))
                .body("results[2].error", equalTo("Payload is not valid JSON"))
                .body("results[3].status", equalTo("duplicate"));
        postNdjson("\n\n".getBytes(StandardCharsets.UTF_8)).statusCode(400).contentType(PROBLEM);
    }

    @Test
    void largeNdjsonStreamIsStoredInChunks() {
        String domain = uniqueDomain("bulk");
        // 20k lines keep the suite short on a shared 2-core machine; bench/ingest streams 100k.
        int lines = 20_000;
        StringBuilder body = new StringBuilder(lines * 64);
        for (int i = 0; i < lines; i++) {
            body.append("{\"domain\":\"").append(domain).append("\",\"text\":\"bulk document ").append(i).append("\"}\n");
        }
        long start = System.nanoTime();
        postNdjson(body.toString().getBytes(StandardCharsets.UTF_8)).statusCode(202)
                .body("accepted", equalTo(lines)).body("rejected", equalTo(0)).body("results", hasSize(lines))
                .body("results[" + (lines - 1) + "].line", equalTo(lines));
        System.out.printf("NDJSON upload of %d lines took %d ms%n", lines, (System.nanoTime() - start) / 1_000_000);
        given().get("/v1/domains/" + domain).then().statusCode(200).body("documents", equalTo(lines));
    }

    @Test
    void listPagesADomainByCursorInSeqOrder() {
        String domain = uniqueDomain("page");
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            body.append(json(domain, "Paged document " + i)).append('\n');
        }
        postNdjson(body.toString().getBytes(StandardCharsets.UTF_8)).statusCode(202).body("accepted", equalTo(25));
        // Another domain's documents interleave in seq but must not show up.
        postJson(json(uniqueDomain("other"), "Not in the page.")).statusCode(202);

        List<Map<String, Object>> all = new ArrayList<>();
        long after = 0;
        List<Integer> pageSizes = new ArrayList<>();
        while (true) {
            List<Map<String, Object>> page = ndjson(given().accept(NDJSON).queryParam("domain", domain)
                    .queryParam("after", after).queryParam("limit", 10).get("/v1/documents").then()
                    .statusCode(200).contentType(startsWith(NDJSON)).extract().asString());
            pageSizes.add(page.size());
            all.addAll(page);
            if (page.size() < 10) {
                break;
            }
            after = ((Number) page.get(page.size() - 1).get("seq")).longValue();
        }
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(all).extracting(d -> d.get("domain")).containsOnly(domain);
        Set<Object> ids = new HashSet<>();
        long previous = 0;
        for (Map<String, Object> doc : all) {
            long seq = ((Number) doc.get("seq")).longValue();
            assertThat(seq).isGreaterThan(previous);
            previous = seq;
            ids.add(doc.get("id"));
        }
        assertThat(ids).hasSize(25);

        int train = ndjson(given().accept(NDJSON).queryParam("domain", domain).queryParam("split", "train")
                .get("/v1/documents").then().statusCode(200).extract().asString()).size();
        List<Map<String, Object>> heldout = ndjson(given().accept(NDJSON).queryParam("domain", domain)
                .queryParam("split", "heldout").get("/v1/documents").then().statusCode(200).extract().asString());
        assertThat(heldout).extracting(d -> d.get("split")).containsOnly("heldout");
        assertThat(train + heldout.size()).isEqualTo(25);
        given().get("/v1/domains/" + domain).then().statusCode(200)
                .body("documents", equalTo(25)).body("train", equalTo(train)).body("heldout", equalTo(heldout.size()))
                .body("lastIngestedAt", notNullValue());
    }

    @Test
    void listFiltersByKind() {
        String domain = uniqueDomain("kinds");
        postJson("[" + json(domain, "Plain one.") + "," + json(domain, "Plain two.") + ",{\"domain\":\"" + domain
                + "\",\"kind\":\"instruction\",\"prompt\":\"Define NaN:\",\"response\":\"Not a number.\"}]")
                .statusCode(202).body("accepted", equalTo(3));
        List<Map<String, Object>> instructions = ndjson(given().accept(NDJSON).queryParam("domain", domain)
                .queryParam("kind", "instruction").get("/v1/documents").then().statusCode(200).extract().asString());
        assertThat(instructions).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("kind", "instruction").containsEntry("prompt", "Define NaN:")
                    .containsEntry("response", "Not a number.");
        });
        List<Map<String, Object>> plain = ndjson(given().accept(NDJSON).queryParam("domain", domain)
                .queryParam("kind", "document").get("/v1/documents").then().statusCode(200).extract().asString());
        assertThat(plain).hasSize(2).extracting(d -> d.get("kind")).containsOnly("document");
        assertThat(ndjson(given().accept(NDJSON).queryParam("domain", domain).get("/v1/documents").then()
                .statusCode(200).extract().asString())).hasSize(3);
        given().queryParam("kind", "recipe").get("/v1/documents").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("'document' or 'instruction'"));
    }

    @Test
    void badListParametersAndUnknownIdsGetProblems() {
        given().queryParam("limit", 0).get("/v1/documents").then().statusCode(400).contentType(PROBLEM);
        given().queryParam("limit", 10_001).get("/v1/documents").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("1..10000"));
        given().queryParam("split", "test").get("/v1/documents").then().statusCode(400).contentType(PROBLEM);
        given().queryParam("domain", "Not A Domain").get("/v1/documents").then().statusCode(400).contentType(PROBLEM);
        given().queryParam("after", -1).get("/v1/documents").then().statusCode(400).contentType(PROBLEM);
        given().get("/v1/documents/no-such-document").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("no-such-document"));
    }

    @Test
    void domainsListsTotals() {
        String domain = uniqueDomain("totals");
        postJson("[" + json(domain, "Alpha.") + ",{\"domain\":\"" + domain + "\",\"kind\":\"instruction\","
                + "\"prompt\":\"Q?\",\"response\":\"A.\"}]").statusCode(202).body("accepted", equalTo(2));
        List<Map<String, Object>> domains = given().get("/v1/domains").then().statusCode(200).extract().jsonPath()
                .getList("$");
        Map<String, Object> entry = domains.stream().filter(d -> domain.equals(d.get("domain"))).findFirst().orElseThrow();
        assertThat(entry).containsEntry("documents", 2).containsEntry("instructions", 1).containsEntry("bytes", 6 + 6);
        assertThat(entry.get("firstIngestedAt")).isNotNull();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> ndjson(String body) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                try {
                    docs.add(EventCodec.mapper().readValue(line, Map.class));
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }
        }
        return docs;
    }
}
