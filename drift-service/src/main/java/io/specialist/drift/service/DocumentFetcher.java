package io.specialist.drift.service;

import io.specialist.drift.config.DriftConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Fetches the texts of ingested documents (the events carry none) in few requests: per domain it keeps a
 * cursor into ingest's list endpoint (ordered by {@code seq}) and reads pages from there, so a batch of
 * events costs about one request per domain instead of one per document. Documents read ahead of their
 * events are kept in a bounded cache; anything not found that way is fetched by id.
 *
 * <p>Called from the Kafka consumer thread only (one batch at a time).
 */
@ApplicationScoped
public class DocumentFetcher {

    private static final Logger LOG = Logger.getLogger(DocumentFetcher.class);

    private final IngestClient ingest;
    private final int pageSize;
    private final int maxPages;
    private final int cacheLimit;
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, IngestDocument> readAhead = new LinkedHashMap<>(256, 0.75f, false);

    public DocumentFetcher(IngestClient ingest, DriftConfig config) {
        this.ingest = ingest;
        this.pageSize = config.fetch().pageSize();
        this.maxPages = config.fetch().maxPages();
        this.cacheLimit = config.fetch().cacheDocuments();
    }

    /**
     * The documents of {@code ids} (all of {@code domain}) that ingest has; missing ids are absent.
     *
     * @throws UpstreamException if ingest cannot be reached
     */
    public synchronized Map<String, IngestDocument> fetch(String domain, List<String> ids) {
        Map<String, IngestDocument> found = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String id : ids) {
            IngestDocument cached = readAhead.remove(id);
            if (cached != null) {
                found.put(id, cached);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty() && !cursors.containsKey(domain)) {
            // First sight of the domain: learn where its documents are from the first one.
            String first = missing.iterator().next();
            Optional<IngestDocument> doc = ingest.get(first);
            missing.remove(first);
            doc.ifPresent(d -> {
                found.put(first, d);
                cursors.put(domain, d.seq() == null ? 0 : d.seq());
            });
        }
        int pages = 0;
        while (!missing.isEmpty() && cursors.containsKey(domain) && pages < maxPages) {
            long after = cursors.get(domain);
            int limit = Math.min(pageSize, Math.max(missing.size() * 2, 100));
            List<IngestDocument> page = ingest.page(domain, null, after, limit);
            pages++;
            for (IngestDocument doc : page) {
                if (missing.remove(doc.id())) {
                    found.put(doc.id(), doc);
                } else {
                    remember(doc);
                }
                if (doc.seq() != null) {
                    cursors.merge(domain, doc.seq(), Math::max);
                }
            }
            if (page.size() < limit) {
                break;
            }
        }
        for (String id : new ArrayList<>(missing)) {
            ingest.get(id).ifPresentOrElse(d -> found.put(id, d),
                    () -> LOG.warnf("document %s of domain %s is unknown to ingest; it is counted but not scored", id, domain));
        }
        return found;
    }

    private void remember(IngestDocument doc) {
        readAhead.put(doc.id(), doc);
        while (readAhead.size() > cacheLimit) {
            readAhead.remove(readAhead.keySet().iterator().next());
        }
    }
}
