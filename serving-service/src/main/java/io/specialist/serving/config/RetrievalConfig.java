package io.specialist.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Retrieval over freshly ingested documents: the per-domain BM25 passage index this replica keeps
 * current from {@code specialist.documents.ingested}, {@code POST /v1/search} and the {@code retrieval}
 * option of completions and scores.
 */
@ConfigMapping(prefix = "specialist.serving.retrieval")
public interface RetrievalConfig {

    /**
     * Folder of this replica's index (one Lucene directory per domain). Local disk of the replica: it is
     * rebuilt from ingest when empty or unreadable, so it needs no backup and must not be shared.
     */
    @WithDefault("${specialist.home}/serving/index")
    String indexPath();

    /** Largest passage in characters; documents are cut at sentence ends into passages of at most this size. */
    @WithDefault("400")
    int passageChars();

    /** Passages {@code /v1/search} returns when the request gives no {@code k}. */
    @WithDefault("5")
    int defaultK();

    /** Largest {@code k} of a search or of a completion's or score's {@code retrieval}; larger is 400. */
    @WithDefault("50")
    int maxK();

    /** Longest query in characters; longer is 400. */
    @WithDefault("2000")
    int maxQueryChars();

    /** How often new passages are committed to disk (they are searchable at once; a crash replays the topic). */
    @WithDefault("5s")
    Duration commitInterval();

    /**
     * How often the index pages ingest's document list for documents it missed (ingest unreachable when
     * the event came, events gone from the topic); {@code 0s} = only at startup.
     */
    @WithDefault("60s")
    Duration catchUpInterval();

    /** Timeout of one HTTP call to ingest (one document, or one page of the document list). */
    @WithDefault("10s")
    Duration ingestTimeout();
}
