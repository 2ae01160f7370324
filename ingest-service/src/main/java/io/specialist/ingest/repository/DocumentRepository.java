package io.specialist.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.specialist.events.DocumentKind;
import io.specialist.events.Split;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Stored documents: lookups for dedup, the public id, and cursor pages by {@code seq}. */
@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<DocumentEntity, Long> {

    public Optional<DocumentEntity> findByDocumentId(String id) {
        return find("id", id).firstResultOptional();
    }

    /** The ids of a domain's stored documents whose content hash is among {@code hashes}, by hash. */
    public Map<String, String> idsByHash(String domain, Collection<String> hashes) {
        Map<String, String> ids = new HashMap<>();
        if (hashes.isEmpty()) {
            return ids;
        }
        // Only the hash in SQL, so the (sha256, domain) unique index is the one both databases use; the
        // same content in other domains is filtered out here.
        getEntityManager()
                .createQuery("select d.sha256, d.domain, d.id from DocumentEntity d where d.sha256 in :hashes",
                        Object[].class)
                .setParameter("hashes", hashes)
                .getResultList()
                .forEach(row -> {
                    if (domain.equals(row[1])) {
                        ids.put((String) row[0], (String) row[2]);
                    }
                });
        return ids;
    }

    /** Identity of the stored documents among {@code ids}, by id. */
    public Map<String, DocumentKey> keysById(Collection<String> ids) {
        Map<String, DocumentKey> keys = new HashMap<>();
        if (ids.isEmpty()) {
            return keys;
        }
        getEntityManager()
                .createQuery("select d.id, d.domain, d.sha256 from DocumentEntity d where d.id in :ids", Object[].class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(row -> keys.put((String) row[0], new DocumentKey((String) row[0], (String) row[1], (String) row[2])));
        return keys;
    }

    /**
     * Documents with {@code seq > after}, ordered by seq, optionally of one domain and split. Within one
     * domain seq order is commit order (see domain_stats), so a reader paging a domain never skips one.
     */
    public List<DocumentEntity> page(String domain, Split split, long after, int limit) {
        return page(domain, split, null, after, limit);
    }

    /** As above, optionally of one kind (documents or instruction examples; null: both). */
    public List<DocumentEntity> page(String domain, Split split, DocumentKind kind, long after, int limit) {
        StringBuilder query = new StringBuilder("seq > :after");
        Parameters params = Parameters.with("after", after);
        if (domain != null) {
            query.append(" and domain = :domain");
            params = params.and("domain", domain);
        }
        if (split != null) {
            query.append(" and split = :split");
            params = params.and("split", split);
        }
        if (kind != null) {
            query.append(" and kind = :kind");
            params = params.and("kind", kind);
        }
        query.append(" order by seq");
        return find(query.toString(), params).page(Page.ofSize(limit)).list();
    }
}
