package io.specialist.model.retrieval;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * BM25 passage indexes, one Lucene directory per domain under {@code root} ({@code root/<domain>}).
 * A domain's index is created by its first document. On {@link #open()} an index that cannot be read is
 * deleted and reported, so the caller can rebuild it from ingest; an index locked by another process is
 * an error, never deleted (two replicas must not share an index directory).
 */
public final class PassageIndex implements Closeable {

    /** Domain names as ingest accepts them; also keeps directory names safe. */
    public static final Pattern DOMAIN = Pattern.compile("[a-z0-9-]{1,63}");
    private static final System.Logger LOG = System.getLogger(PassageIndex.class.getName());

    /** What {@link #open()} found: the domains it opened and those it had to discard as unreadable. */
    public record OpenReport(List<String> opened, List<String> discarded) {
    }

    private final Path root;
    private final PassageSplitter splitter;
    private final Analyzer analyzer = new StandardAnalyzer();
    private final Map<String, DomainIndex> domains = new ConcurrentHashMap<>();

    public PassageIndex(Path root, int passageChars) {
        this.root = root;
        this.splitter = new PassageSplitter(passageChars);
    }

    /**
     * An index held in memory only (nothing survives {@link #close()}), with the same splitting, analysis
     * and BM25 ranking as one on disk: training builds its retrieval examples with it.
     */
    public static PassageIndex inMemory(int passageChars) {
        return new PassageIndex(null, passageChars);
    }

    /** How this index cuts documents into passages (position i of a document is its i-th piece). */
    public PassageSplitter splitter() {
        return splitter;
    }

    public Path root() {
        return root;
    }

    /** Opens every domain index under the root; unreadable ones are deleted and listed as discarded. */
    public synchronized OpenReport open() throws IOException {
        if (root == null) {
            return new OpenReport(List.of(), List.of());
        }
        Files.createDirectories(root);
        List<String> opened = new ArrayList<>();
        List<String> discarded = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String domain = dir.getFileName().toString();
                if (!DOMAIN.matcher(domain).matches() || domains.containsKey(domain)) {
                    continue;
                }
                try {
                    domains.put(domain, DomainIndex.open(dir, analyzer));
                    opened.add(domain);
                } catch (LockObtainFailedException e) {
                    throw new IOException("the index " + dir + " is locked by another process; every serving"
                            + " replica needs an index directory of its own (specialist.serving.retrieval.index-path)", e);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, String.format("the passage index of domain %s in %s cannot be read (%s); deleting it to rebuild it"
                            + " from ingest", domain, dir, e));
                    deleteTree(dir);
                    discarded.add(domain);
                }
            }
        }
        return new OpenReport(opened, discarded);
    }

    /** True when no domain has an index yet. */
    public boolean isEmpty() {
        return domains.isEmpty();
    }

    /** Indexes (or re-indexes) documents; searches see them when this returns. */
    public void addAll(List<SourceDocument> documents) throws IOException {
        Set<DomainIndex> touched = new LinkedHashSet<>();
        for (SourceDocument d : documents) {
            DomainIndex index = domainForWrite(d.domain());
            index.replace(d.id(), d.seq(), splitter.split(d.text() == null ? "" : d.text()));
            touched.add(index);
        }
        for (DomainIndex index : touched) {
            index.refresh();
        }
    }

    public boolean contains(String domain, String documentId) throws IOException {
        DomainIndex index = domains.get(domain);
        return index != null && index.contains(documentId);
    }

    /**
     * The best {@code k} passages of {@code domain} for {@code query} (BM25 over the query's words, any
     * of which may match); an unknown domain has none.
     *
     * @throws EmptyQueryException when the query has no searchable word
     */
    public List<PassageHit> search(String domain, String query, int k, Set<String> excludedIds) throws IOException {
        List<String> terms = terms(query);
        if (terms.isEmpty()) {
            throw new EmptyQueryException(query);
        }
        DomainIndex index = domains.get(domain);
        if (index == null) {
            return List.of();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        terms.stream().limit(IndexSearcher.getMaxClauseCount())
                .forEach(t -> any.add(new TermQuery(new Term(DomainIndex.TEXT, t)), BooleanClause.Occur.SHOULD));
        return index.search(any.build(), k, excludedIds);
    }

    /** Highest ingest sequence number in any domain (0 when empty): where a catch-up listing resumes. */
    public long maxSeq() throws IOException {
        long max = 0;
        for (DomainIndex index : domains.values()) {
            max = Math.max(max, index.maxSeq());
        }
        return max;
    }

    /** Passages per domain, sorted by domain. */
    public Map<String, Integer> passagesByDomain() throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        for (Map.Entry<String, DomainIndex> e : domains.entrySet()) {
            out.put(e.getKey(), e.getValue().passages());
        }
        return out;
    }

    /** Makes everything indexed so far survive a restart. */
    public void commit() throws IOException {
        for (DomainIndex index : domains.values()) {
            index.commit();
        }
    }

    /** Closes and deletes one domain's index (before rebuilding it). */
    public synchronized void drop(String domain) throws IOException {
        DomainIndex index = domains.remove(domain);
        if (index != null) {
            index.close();
        }
        if (root != null) {
            deleteTree(root.resolve(domain));
        }
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (DomainIndex index : domains.values()) {
            try {
                index.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        domains.clear();
        if (first != null) {
            throw first;
        }
    }

    private DomainIndex domainForWrite(String domain) throws IOException {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("invalid domain name '" + domain + "'");
        }
        DomainIndex index = domains.get(domain);
        if (index != null) {
            return index;
        }
        synchronized (this) {
            index = domains.get(domain);
            if (index == null) {
                index = root == null ? DomainIndex.open(new ByteBuffersDirectory(), analyzer)
                        : DomainIndex.open(root.resolve(domain), analyzer);
                domains.put(domain, index);
            }
            return index;
        }
    }

    /** The query's distinct words as the index analysed the passages (lower case, standard tokenizer). */
    List<String> terms(String query) throws IOException {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream ts = analyzer.tokenStream(DomainIndex.TEXT, query)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                terms.add(term.toString());
            }
            ts.end();
        }
        return new ArrayList<>(terms);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

}
