package io.specialist.ingest.repository;

import static io.specialist.ingest.IngestTestSupport.uniqueDomain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.DocumentKind;
import io.specialist.events.Split;
import io.specialist.ingest.service.ContentHash;
import io.specialist.ingest.service.IngestMetrics;
import io.specialist.ingest.service.IngestService;
import io.specialist.ingest.service.ItemOutcome;
import io.specialist.ingest.service.NewDocument;
import io.specialist.ingest.service.SplitAssigner;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The storage contract, run unchanged on H2 ({@link H2DocumentRepositoryTest}) and on PostgreSQL
 * ({@link PostgresDocumentRepositoryTest}): round trips, uniqueness, cursor paging, outbox locking with
 * SKIP LOCKED, per-domain totals under concurrent writers, and the dedup race between two writers.
 */
abstract class DocumentRepositoryContract {

    private static final SplitAssigner SPLITS = new SplitAssigner(0.1);

    @Inject
    DocumentRepository documents;

    @Inject
    OutboxRepository outbox;

    @Inject
    DomainStatsRepository domains;

    @Inject
    IngestService ingest;

    static DocumentEntity entity(String domain, String text) {
        DocumentEntity d = new DocumentEntity();
        d.id = UUID.randomUUID().toString();
        d.domain = domain;
        d.kind = DocumentKind.DOCUMENT;
        d.text = text;
        d.sha256 = ContentHash.sha256(text);
        d.bytes = text.length();
        d.split = SPLITS.assign(d.sha256);
        d.ingestedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return d;
    }

    static NewDocument newDocument(String domain, String text) {
        String sha = ContentHash.sha256(text);
        return new NewDocument(null, domain, DocumentKind.DOCUMENT, null, null, text, null, null, sha, text.length(),
                SPLITS.assign(sha), null);
    }

    @Test
    void roundTripsEveryFieldIncludingLargeUnicodeText() {
        String domain = uniqueDomain("rt");
        String text = "Unicode \u00e9\u4e2d\uD83D\uDE00 " + "x".repeat(1_048_000);
        DocumentEntity d = entity(domain, text);
        d.kind = DocumentKind.INSTRUCTION;
        d.title = "T\u00eftle";
        d.source = "https://example.org";
        d.prompt = "p";
        d.response = "r";
        d.publishedAt = Instant.parse("2024-05-01T12:00:00.123456Z");
        QuarkusTransaction.requiringNew().run(() -> documents.persist(d));

        DocumentEntity read = QuarkusTransaction.requiringNew().call(() -> documents.findByDocumentId(d.id).orElseThrow());
        assertThat(read.seq).isPositive();
        assertThat(read.text).isEqualTo(text);
        assertThat(read.kind).isEqualTo(DocumentKind.INSTRUCTION);
        assertThat(read.split).isEqualTo(d.split);
        assertThat(read.title).isEqualTo("T\u00eftle");
        assertThat(read.prompt).isEqualTo("p");
        assertThat(read.response).isEqualTo("r");
        assertThat(read.ingestedAt).isEqualTo(d.ingestedAt);
        assertThat(read.publishedAt).isEqualTo(d.publishedAt);
        assertThat(QuarkusTransaction.requiringNew().call(() -> documents.findByDocumentId("missing"))).isEmpty();
    }

    @Test
    void contentIsUniquePerDomainAndIdsAreUnique() {
        String domain = uniqueDomain("uq");
        DocumentEntity first = entity(domain, "same text");
        QuarkusTransaction.requiringNew().run(() -> documents.persist(first));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            documents.persist(entity(domain, "same text"));
            documents.flush();
        })).isNotNull();
        DocumentEntity sameIdOtherContent = entity(domain, "other text");
        sameIdOtherContent.id = first.id;
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            documents.persist(sameIdOtherContent);
            documents.flush();
        })).isNotNull();
        // The same content in another domain is another document.
        QuarkusTransaction.requiringNew().run(() -> documents.persist(entity(uniqueDomain("uq"), "same text")));

        Map<String, String> byHash = QuarkusTransaction.requiringNew().call(() -> documents.idsByHash(domain,
                List.of(first.sha256, ContentHash.sha256("absent"))));
        assertThat(byHash).containsOnly(Map.entry(first.sha256, first.id));
        Map<String, DocumentKey> byId = QuarkusTransaction.requiringNew().call(() -> documents.keysById(List.of(first.id, "nope")));
        assertThat(byId).containsOnly(Map.entry(first.id, new DocumentKey(first.id, domain, first.sha256)));
    }

    @Test
    void pagesByCursorWithDomainAndSplitFilters() {
        String domain = uniqueDomain("pg");
        List<DocumentEntity> stored = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DocumentEntity d = entity(domain, "page text " + i);
            d.split = i % 3 == 0 ? Split.HELDOUT : Split.TRAIN;
            stored.add(d);
            // Interleave another domain.
            if (i % 5 == 0) {
                QuarkusTransaction.requiringNew().run(() -> documents.persist(entity(uniqueDomain("pg"), "noise " + UUID.randomUUID())));
            }
            QuarkusTransaction.requiringNew().run(() -> documents.persist(d));
        }
        List<DocumentEntity> firstPage = QuarkusTransaction.requiringNew().call(() -> documents.page(domain, null, 0, 12));
        assertThat(firstPage).extracting(d -> d.id).containsExactlyElementsOf(stored.subList(0, 12).stream().map(d -> d.id).toList());
        long cursor = firstPage.get(11).seq;
        List<DocumentEntity> rest = QuarkusTransaction.requiringNew().call(() -> documents.page(domain, null, cursor, 100));
        assertThat(rest).hasSize(18);
        assertThat(rest.get(0).seq).isGreaterThan(cursor);
        List<DocumentEntity> heldout = QuarkusTransaction.requiringNew().call(() -> documents.page(domain, Split.HELDOUT, 0, 100));
        assertThat(heldout).hasSize(10).allMatch(d -> d.split == Split.HELDOUT);
        List<DocumentEntity> all = QuarkusTransaction.requiringNew().call(() -> documents.page(null, null, 0, 10));
        assertThat(all).hasSize(10);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).seq).isGreaterThan(all.get(i - 1).seq);
        }
    }

    @Test
    void outboxRowsLockedByOneRelayAreSkippedByAnother() throws Exception {
        // The application's own relay runs too and may publish some of these rows first; the property
        // checked is that rows one transaction holds are invisible to every other locker.
        for (int attempt = 1; ; attempt++) {
            String tag = "lock-test-" + UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 50; i++) {
                    OutboxBatchEntity e = new OutboxBatchEntity();
                    e.eventType = tag;
                    e.events = 1;
                    e.payload = OutboxLine.encode(List.of(new OutboxLine(UUID.randomUUID().toString(), "lock-test", "{}")));
                    e.createdAt = Instant.now();
                    outbox.persist(e);
                }
            });
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Held> holder = pool.submit(() -> QuarkusTransaction.requiringNew().call(() -> {
                    List<Long> ours = outbox.lockPending(10_000).stream().filter(e -> tag.equals(e.eventType))
                            .map(e -> e.id).toList();
                    locked.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    // Deleted inside the holding transaction: nobody else can have touched these rows.
                    long deleted = outbox.deleteByIds(ours);
                    return new Held(ours, deleted);
                }));
                assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
                List<Long> seen = QuarkusTransaction.requiringNew().call(() ->
                        outbox.lockPending(10_000).stream().map(e -> e.id).toList());
                release.countDown();
                Held held = holder.get(30, TimeUnit.SECONDS);
                if (held.ids().isEmpty() && attempt < 5) {
                    continue; // the application's relay took them all before the holder; try again
                }
                assertThat(held.ids()).as("rows held by the first locker").isNotEmpty();
                assertThat(held.deleted()).as("rows deleted by their holder").isEqualTo(held.ids().size());
                assertThat(seen).as("rows a second locker got while the first held them")
                        .doesNotContainAnyElementsOf(held.ids());
                return;
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    private record Held(List<Long> ids, long deleted) {
    }

    @Test
    void concurrentWritersOfOneDomainKeepExactTotalsAndSeqOrder() throws Exception {
        String domain = uniqueDomain("conc");
        int writers = 3;
        int batches = 8;
        int perBatch = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<NewDocument> batch = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            batch.add(newDocument(domain, "writer " + writer + " batch " + b + " doc " + i));
                        }
                        ingest.store(batch, IngestMetrics.Channel.REST);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = writers * batches * perBatch;
        DomainStatsEntity stats = QuarkusTransaction.requiringNew().call(() -> domains.findById(domain));
        assertThat(stats.documents).isEqualTo(total);
        assertThat(stats.train + stats.heldout).isEqualTo(total);
        List<DocumentEntity> stored = QuarkusTransaction.requiringNew().call(() -> documents.page(domain, null, 0, 1000));
        assertThat(stored).hasSize(total);
        // Each batch got a contiguous, increasing run of seq values: writers of a domain are serialised.
        for (int i = 0; i < stored.size(); i += perBatch) {
            String prefix = stored.get(i).text.substring(0, stored.get(i).text.indexOf(" doc "));
            assertThat(stored.subList(i, i + perBatch)).allMatch(d -> d.text.startsWith(prefix + " doc "));
        }
    }

    @Test
    void twoWritersRacingOnTheSameNewContentStoreItOnce() throws Exception {
        String domain = uniqueDomain("race");
        List<NewDocument> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(newDocument(domain, "raced document " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<List<ItemOutcome>> a = pool.submit(() -> {
                start.await();
                return ingest.store(batch, IngestMetrics.Channel.KAFKA);
            });
            Future<List<ItemOutcome>> b = pool.submit(() -> {
                start.await();
                return ingest.store(batch, IngestMetrics.Channel.KAFKA);
            });
            start.countDown();
            List<ItemOutcome> first = a.get(60, TimeUnit.SECONDS);
            List<ItemOutcome> second = b.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < batch.size(); i++) {
                assertThat(List.of(first.get(i).status(), second.get(i).status()))
                        .containsExactlyInAnyOrder(ItemOutcome.Status.ACCEPTED, ItemOutcome.Status.DUPLICATE);
                assertThat(first.get(i).id()).isEqualTo(second.get(i).id());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> documents.page(domain, null, 0, 100))).hasSize(20);
        assertThat(QuarkusTransaction.requiringNew().call(() -> domains.findById(domain).documents)).isEqualTo(20);
    }
}
