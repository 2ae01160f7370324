package io.specialist.serving.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.serving.client.IngestClient;
import io.specialist.serving.config.RetrievalConfig;
import io.specialist.model.retrieval.PassageIndex;
import io.specialist.model.retrieval.SourceDocument;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps this replica's passage index current. Each {@code documents.ingested} event is indexed at once
 * (the text is fetched from ingest, the event has none) and is searchable when the event is handled.
 * At startup an empty index is built from ingest's document list and an unreadable domain index is
 * rebuilt; afterwards (and every {@code catch-up-interval}) the list is paged from the highest indexed
 * seq and documents whose fetch failed are retried, so nothing the topic or ingest missed stays missing.
 */
@ApplicationScoped
public class DocumentIndexer {

    /** Documents per page when listing ingest. */
    static final int PAGE = 500;
    private static final Logger LOG = Logger.getLogger(DocumentIndexer.class);

    private final RetrievalConfig config;
    private final IngestClient ingest;
    private final MeterRegistry metrics;
    private final Timer freshness;
    private final Set<String> pendingIds = ConcurrentHashMap.newKeySet();
    private volatile PassageIndex index;
    private volatile String openFailure;
    /** Domains whose unreadable index was deleted at open; rebuilt on the background thread. */
    private final Set<String> toRebuild = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService background;

    public DocumentIndexer(RetrievalConfig config, IngestClient ingest, MeterRegistry metrics) {
        this.config = config;
        this.ingest = ingest;
        this.metrics = metrics;
        this.freshness = Timer.builder("specialist.serving.index.freshness")
                .description("from a document's ingest time to its passages being searchable on this replica")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    void onStart(@Observes StartupEvent start) {
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "passage-index");
            t.setDaemon(true);
            return t;
        });
        background.execute(this::openAndCatchUp);
        long commitMs = Math.max(100, config.commitInterval().toMillis());
        background.scheduleWithFixedDelay(this::commit, commitMs, commitMs, TimeUnit.MILLISECONDS);
        Duration every = config.catchUpInterval();
        if (!every.isZero()) {
            background.scheduleWithFixedDelay(this::catchUp, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (background != null) {
            background.shutdownNow();
        }
        PassageIndex current = index;
        if (current != null) {
            try {
                current.close(); // commits
            } catch (IOException e) {
                LOG.warnf("closing the passage index failed: %s", e.getMessage());
            }
        }
    }

    /** The open index; 503 while it cannot be opened. */
    public PassageIndex index() {
        PassageIndex current = index;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (index == null) {
                open();
            }
            if (index == null) {
                throw ServingException.unavailable("Search index unavailable", "the passage index in "
                        + config.indexPath() + " cannot be opened: " + openFailure, 5);
            }
            return index;
        }
    }

    /** Indexes the announced document unless this replica has it already. */
    public void onIngested(DocumentIngested event) {
        if (event.kind() == DocumentKind.INSTRUCTION) {
            count("skipped"); // a prompt/response pair: nothing to cite
            return;
        }
        try {
            PassageIndex current = index();
            if (current.contains(event.domain(), event.id())) {
                count("known"); // a replay of the topic after a restart
                return;
            }
            Optional<SourceDocument> doc = ingest.document(event.id());
            if (doc.isEmpty()) {
                count("missing");
                LOG.warnf("ingest does not know document %s announced for %s; not indexed", event.id(), event.domain());
                return;
            }
            current.addAll(List.of(doc.get()));
            pendingIds.remove(event.id());
            count("indexed");
            freshness.record(Duration.between(event.ingestedAt(), Instant.now()).abs());
        } catch (IOException | RuntimeException e) {
            pendingIds.add(event.id());
            count("failed");
            LOG.warnf("indexing document %s of %s failed (%s); retried at the next catch-up", event.id(), event.domain(),
                    e.getMessage());
        }
    }

    /** Documents whose fetch failed and that wait for the next catch-up. */
    public int pending() {
        return pendingIds.size();
    }

    private synchronized void open() {
        if (index != null) {
            return;
        }
        PassageIndex opening = new PassageIndex(Path.of(config.indexPath()), config.passageChars());
        try {
            PassageIndex.OpenReport report = opening.open();
            index = opening;
            openFailure = null;
            LOG.infof("passage index in %s: domains %s%s", opening.root(), report.opened(),
                    report.discarded().isEmpty() ? "" : ", discarded as unreadable " + report.discarded());
            toRebuild.addAll(report.discarded());
        } catch (IOException | RuntimeException e) {
            openFailure = e.getMessage();
            LOG.errorf("the passage index in %s cannot be opened: %s", config.indexPath(), e.getMessage());
        }
    }

    private void openAndCatchUp() {
        try {
            index();
            for (String domain : List.copyOf(toRebuild)) {
                rebuild(domain);
                toRebuild.remove(domain);
            }
            catchUp();
        } catch (RuntimeException e) {
            LOG.warnf("passage index start-up: %s", e.getMessage());
        }
    }

    /** Re-reads one domain from ingest, from the start (its index was unreadable and is empty now). */
    private void rebuild(String domain) {
        try {
            int n = copyFromIngest(domain, 0);
            LOG.infof("rebuilt the passage index of %s from ingest: %d documents", domain, n);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("rebuilding the passage index of %s from %s failed (%s); events and the next catch-up fill it",
                    domain, ingest.baseUrl(), e.getMessage());
        }
    }

    /** Pages every domain's documents above the highest indexed seq, then retries failed fetches. */
    void catchUp() {
        PassageIndex current = index;
        if (current == null) {
            return;
        }
        try {
            long from = current.maxSeq();
            int n = copyFromIngest(null, from);
            if (n > 0) {
                LOG.infof("caught up %d documents from ingest (after seq %d)", n, from);
            }
            for (String id : List.copyOf(pendingIds)) {
                Optional<SourceDocument> doc = ingest.document(id);
                if (doc.isPresent()) {
                    current.addAll(List.of(doc.get()));
                    count("indexed");
                }
                pendingIds.remove(id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("catch-up with ingest at %s failed: %s", ingest.baseUrl(), e.getMessage());
        }
    }

    private int copyFromIngest(String domain, long after) throws IOException {
        PassageIndex current = index();
        int copied = 0;
        long cursor = after;
        while (true) {
            IngestClient.Page page = ingest.page(domain, cursor, PAGE);
            current.addAll(page.documents());
            copied += page.documents().size();
            cursor = page.lastSeq();
            if (page.lines() < PAGE) {
                return copied;
            }
        }
    }

    private void commit() {
        PassageIndex current = index;
        if (current != null) {
            try {
                current.commit();
            } catch (IOException | RuntimeException e) {
                LOG.warnf("committing the passage index failed: %s", e.getMessage());
            }
        }
    }

    private void count(String outcome) {
        metrics.counter("specialist.serving.index.documents", "outcome", outcome).increment();
    }
}
