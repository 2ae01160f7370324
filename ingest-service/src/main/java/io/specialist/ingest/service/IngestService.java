package io.specialist.ingest.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.DocumentIngested;
import io.specialist.events.DocumentKind;
import io.specialist.events.EventCodec;
import io.specialist.events.Events;
import io.specialist.events.Topics;
import io.specialist.ingest.repository.DocumentBatchInserter;
import io.specialist.ingest.repository.DocumentEntity;
import io.specialist.ingest.repository.DocumentKey;
import io.specialist.ingest.repository.DocumentRepository;
import io.specialist.ingest.repository.DomainStatsEntity;
import io.specialist.ingest.repository.DomainStatsRepository;
import io.specialist.ingest.repository.OutboxBatchEntity;
import io.specialist.ingest.repository.OutboxLine;
import io.specialist.ingest.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

/**
 * Stores validated documents: dedup by content hash per domain (and by producer id), the document rows,
 * one outbox row with their {@code documents.ingested} events and the domain totals, all in one
 * transaction. Storing the same batch twice is harmless (the second time everything is a duplicate),
 * which is what makes at-least-once Kafka consumption safe.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** Attempts for a batch that lost a race with another writer (unique key or lock conflict). */
    static final int RACE_ATTEMPTS = 4;

    private final DocumentRepository documents;
    private final DocumentBatchInserter inserter;
    private final OutboxRepository outbox;
    private final DomainStatsRepository domains;
    private final Event<OutboxWritten> outboxWritten;
    private final IngestMetrics metrics;

    public IngestService(DocumentRepository documents, DocumentBatchInserter inserter, OutboxRepository outbox,
            DomainStatsRepository domains, Event<OutboxWritten> outboxWritten, IngestMetrics metrics) {
        this.documents = documents;
        this.inserter = inserter;
        this.outbox = outbox;
        this.domains = domains;
        this.outboxWritten = outboxWritten;
        this.metrics = metrics;
    }

    /** Stores a batch in one transaction; the outcomes are in the order of {@code batch}. */
    public List<ItemOutcome> store(List<NewDocument> batch, IngestMetrics.Channel channel) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<ItemOutcome> outcomes = null;
        for (int attempt = 1; outcomes == null; attempt++) {
            try {
                outcomes = QuarkusTransaction.requiringNew().call(() -> storeInTransaction(batch));
            } catch (RuntimeException e) {
                if (attempt >= RACE_ATTEMPTS || !isRace(e)) {
                    throw e;
                }
                LOG.debugf("batch of %d lost a race with another writer (%s); retrying", batch.size(), e.getMessage());
            }
        }
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        for (ItemOutcome outcome : outcomes) {
            switch (outcome.status()) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> rejected++;
            }
        }
        metrics.submissions(channel, ItemOutcome.Status.ACCEPTED, accepted);
        metrics.submissions(channel, ItemOutcome.Status.DUPLICATE, duplicates);
        metrics.submissions(channel, ItemOutcome.Status.REJECTED, rejected);
        if (accepted > 0) {
            outboxWritten.fire(new OutboxWritten(accepted));
        }
        return outcomes;
    }

    private List<ItemOutcome> storeInTransaction(List<NewDocument> batch) {
        // Stored and announced times are the same instant, at the precision both databases keep.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, List<Integer>> byDomain = new TreeMap<>();
        List<String> givenIds = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            NewDocument doc = batch.get(i);
            byDomain.computeIfAbsent(doc.domain(), d -> new ArrayList<>()).add(i);
            if (doc.id() != null) {
                givenIds.add(doc.id());
            }
        }
        // Locks in name order, so two batches of the same domains cannot deadlock.
        Map<String, DomainStatsEntity> stats = new HashMap<>();
        Map<String, Map<String, String>> storedByHash = new HashMap<>();
        byDomain.forEach((domain, indexes) -> {
            stats.put(domain, domains.lockOrCreate(domain, now));
            storedByHash.put(domain, documents.idsByHash(domain,
                    indexes.stream().map(i -> batch.get(i).sha256()).distinct().toList()));
        });
        Map<String, DocumentKey> storedById = documents.keysById(givenIds);

        ItemOutcome[] outcomes = new ItemOutcome[batch.size()];
        List<DocumentEntity> newDocuments = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            NewDocument doc = batch.get(i);
            Map<String, String> known = storedByHash.get(doc.domain());
            DomainStatsEntity domainStats = stats.get(doc.domain());
            DocumentKey sameId = doc.id() == null ? null : storedById.get(doc.id());
            if (sameId != null && !(sameId.domain().equals(doc.domain()) && sameId.sha256().equals(doc.sha256()))) {
                outcomes[i] = ItemOutcome.rejected(new Rejection(RejectionReason.ID_CONFLICT, "id '" + doc.id()
                        + "' already names a different document (domain '" + sameId.domain() + "', sha256 "
                        + sameId.sha256() + "); choose another id or omit it", doc.domain()));
            } else if (known.containsKey(doc.sha256())) {
                outcomes[i] = ItemOutcome.duplicate(known.get(doc.sha256()), doc.split());
                domainStats.duplicates++;
            } else {
                DocumentEntity entity = entity(doc, now);
                newDocuments.add(entity);
                known.put(doc.sha256(), entity.id);
                storedById.put(entity.id, new DocumentKey(entity.id, entity.domain, entity.sha256));
                outcomes[i] = ItemOutcome.accepted(entity.id, doc.split());
                count(domainStats, doc, now);
            }
        }
        // The documents go as plain JDBC batches; their events as one outbox row for the whole transaction.
        // The flush (outbox row, domain totals) stays inside the retry loop, so a lost race is retried.
        inserter.insert(newDocuments);
        if (!newDocuments.isEmpty()) {
            outbox.persist(events(newDocuments, now));
        }
        documents.flush();
        return List.of(outcomes);
    }

    private static DocumentEntity entity(NewDocument doc, Instant now) {
        DocumentEntity entity = new DocumentEntity();
        entity.id = doc.id() != null ? doc.id() : TimeOrderedIds.next();
        entity.domain = doc.domain();
        entity.kind = doc.kind();
        entity.title = doc.title();
        entity.source = doc.source();
        entity.text = doc.text();
        entity.prompt = doc.prompt();
        entity.response = doc.response();
        entity.sha256 = doc.sha256();
        entity.bytes = doc.bytes();
        entity.split = doc.split();
        entity.ingestedAt = now;
        entity.publishedAt = doc.publishedAt();
        return entity;
    }

    private static OutboxBatchEntity events(List<DocumentEntity> stored, Instant now) {
        List<OutboxLine> lines = new ArrayList<>(stored.size());
        for (DocumentEntity doc : stored) {
            lines.add(new OutboxLine(UUID.randomUUID().toString(), doc.domain, EventCodec.toJsonString(new DocumentIngested(
                    Events.SCHEMA_VERSION, doc.id, doc.domain, doc.kind, doc.sha256, doc.bytes, doc.split, doc.ingestedAt))));
        }
        OutboxBatchEntity batch = new OutboxBatchEntity();
        batch.eventType = Topics.TYPE_DOCUMENT_INGESTED;
        batch.events = lines.size();
        batch.payload = OutboxLine.encode(lines);
        batch.createdAt = now;
        return batch;
    }

    private static void count(DomainStatsEntity stats, NewDocument doc, Instant now) {
        stats.documents++;
        if (doc.kind() == DocumentKind.INSTRUCTION) {
            stats.instructions++;
        }
        stats.bytes += doc.bytes();
        switch (doc.split()) {
            case TRAIN -> stats.train++;
            case HELDOUT -> stats.heldout++;
        }
        stats.lastIngestedAt = now;
    }

    private static boolean isRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException || t instanceof LockAcquisitionException) {
                return true;
            }
        }
        return false;
    }
}
