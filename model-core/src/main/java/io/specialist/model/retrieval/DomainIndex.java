package io.specialist.model.retrieval;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of one domain's passages, in its own directory. One Lucene document per passage
 * (BM25 ranks passages, not whole documents); all passages of an ingest document share its id, so
 * re-indexing a document replaces its passages atomically. Searches see new passages as soon as
 * {@link #refresh()} returned (near-real-time reader); {@link #commit()} makes them survive a restart.
 */
final class DomainIndex implements Closeable {

    static final String ID = "id";
    static final String SEQ = "seq";
    static final String POSITION = "position";
    static final String TEXT = "text";

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    private DomainIndex(Directory directory, IndexWriter writer, SearcherManager searchers) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /**
     * Opens (or creates) the index in {@code path}.
     *
     * @throws IOException among others {@code CorruptIndexException} and {@code IndexFormatTooOldException}
     *                     for an unreadable index, and {@code LockObtainFailedException} when another
     *                     process writes it
     */
    static DomainIndex open(Path path, Analyzer analyzer) throws IOException {
        return open(FSDirectory.open(path), analyzer);
    }

    /** Opens (or creates) the index in {@code directory}, which it closes on failure and on {@link #close()}. */
    static DomainIndex open(Directory directory, Analyzer analyzer) throws IOException {
        IndexWriter writer = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setSimilarity(new BM25Similarity());
            writer = new IndexWriter(directory, config);
            SearcherManager searchers = new SearcherManager(writer, null);
            IndexSearcher probe = searchers.acquire();
            try {
                probe.count(new MatchAllDocsQuery()); // reads every segment's metadata: fails on a broken one
            } finally {
                searchers.release(probe);
            }
            return new DomainIndex(directory, writer, searchers);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            directory.close();
            throw e;
        }
    }

    /** Replaces the passages of document {@code documentId} (none: removes it). Visible after {@link #refresh()}. */
    void replace(String documentId, long seq, List<String> passages) throws IOException {
        List<Document> docs = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            Document doc = new Document();
            doc.add(new StringField(ID, documentId, Field.Store.YES));
            doc.add(new NumericDocValuesField(SEQ, seq));
            doc.add(new StoredField(SEQ, seq));
            doc.add(new StoredField(POSITION, i));
            doc.add(new TextField(TEXT, passages.get(i), Field.Store.YES));
            docs.add(doc);
        }
        writer.updateDocuments(new Term(ID, documentId), docs);
    }

    /** Makes every change so far visible to searches. */
    void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Makes every change so far durable. */
    void commit() throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.commit();
        }
    }

    boolean contains(String documentId) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(ID, documentId))) > 0;
        } finally {
            searchers.release(searcher);
        }
    }

    /** The best {@code k} passages for {@code query}, leaving out passages of {@code excludedIds}. */
    List<PassageHit> search(Query query, int k, Set<String> excludedIds) throws IOException {
        Query effective = query;
        if (!excludedIds.isEmpty()) {
            BooleanQuery.Builder b = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST);
            excludedIds.forEach(id -> b.add(new TermQuery(new Term(ID, id)), BooleanClause.Occur.MUST_NOT));
            effective = b.build();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            searcher.setSimilarity(new BM25Similarity());
            TopDocs top = searcher.search(effective, k);
            List<PassageHit> hits = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc sd : top.scoreDocs) {
                Document doc = searcher.storedFields().document(sd.doc);
                hits.add(new PassageHit(new Passage(doc.get(ID), doc.getField(SEQ).numericValue().longValue(),
                        doc.getField(POSITION).numericValue().intValue(), doc.get(TEXT)), sd.score));
            }
            return hits;
        } finally {
            searchers.release(searcher);
        }
    }

    /** Highest ingest sequence number indexed, 0 when empty. */
    long maxSeq() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(new MatchAllDocsQuery(), 1,
                    new Sort(new SortField(SEQ, SortField.Type.LONG, true)));
            if (top.scoreDocs.length == 0) {
                return 0;
            }
            return searcher.storedFields().document(top.scoreDocs[0].doc).getField(SEQ).numericValue().longValue();
        } finally {
            searchers.release(searcher);
        }
    }

    /** Passages visible to searches. */
    int passages() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.close(); // commits what is pending
        } finally {
            directory.close();
        }
    }
}
