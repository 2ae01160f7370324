package io.specialist.bench.retrieval;

import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.corpus.GeneralCorpus;
import io.specialist.model.onnx.ModelMetadata;
import io.specialist.model.onnx.OnnxExporter;
import io.specialist.model.ort.OrtLanguageModel;
import io.specialist.model.ort.ScoreResult;
import io.specialist.model.retrieval.ContextPacker;
import io.specialist.model.retrieval.PassageHit;
import io.specialist.model.retrieval.PassageIndex;
import io.specialist.model.retrieval.SourceDocument;
import io.specialist.testing.TinyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Measures serving's passage index and retrieval context in process (the classes the service runs,
 * without HTTP and Kafka):
 * <ol>
 *   <li>query latency at {@code passages} passages (BM25, k=5), p50/p99 over {@code queries} queries;</li>
 *   <li>freshness: time from handing a new document to the index to its being found by a search
 *       (split, add, near-real-time refresh), with the large index loaded;</li>
 *   <li>bits per byte of text the model never saw, with and without retrieved context, packed as the
 *       service packs it (half the window): the document itself retrievable (it was ingested), only other
 *       documents retrievable (self excluded), and text of another kind (code) against the prose index
 *       (no relevant passage: must not get worse).</li>
 * </ol>
 * Arguments {@code key=value}: passages (100000), queries (500), fresh (50), evalTexts (200),
 * chunkBytes (200), dir (a temporary folder).
 */
public final class RetrievalBench {

    private RetrievalBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int passages = Integer.parseInt(a.getOrDefault("passages", "100000"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "500"));
        int fresh = Integer.parseInt(a.getOrDefault("fresh", "50"));
        int evalTexts = Integer.parseInt(a.getOrDefault("evalTexts", "200"));
        int chunkBytes = Integer.parseInt(a.getOrDefault("chunkBytes", "200"));
        Path dir = a.containsKey("dir") ? Path.of(a.get("dir")) : Files.createTempDirectory("retrieval-bench-");
        System.out.printf("cores=%d dir=%s%n", Runtime.getRuntime().availableProcessors(), dir);
        if (passages > 0) {
            latencyAndFreshness(dir.resolve("large"), passages, queries, fresh);
        }
        if (a.containsKey("models")) {
            // name:checkpoint pairs, e.g. models=rag:/tmp/rag.ckpt,plain:/tmp/plain.ckpt (see the README)
            for (String named : a.get("models").split(",")) {
                int colon = named.indexOf(':');
                Checkpoint ckpt = Checkpoint.read(Path.of(named.substring(colon + 1)));
                byte[] onnx = OnnxExporter.export(ckpt.config(), ckpt.params(), ckpt.tokenizer().toJson(),
                        Map.of(ModelMetadata.VERSION, "general@1", ModelMetadata.DOMAIN, "general"));
                System.out.printf("%n== model %s: %s, %s steps, held-out general %s bits/byte (no retrieval), training %s%n",
                        named.substring(0, colon), ckpt.config(), ckpt.metadata().get("steps"),
                        ckpt.metadata().get("heldOutBitsPerByte"), ckpt.metadata().get("trainingConfig"));
                bitsPerByte(dir.resolve("eval-" + named.substring(0, colon)), onnx, named.substring(0, colon),
                        evalTexts, chunkBytes);
            }
        } else {
            bitsPerByte(dir.resolve("eval"), TinyModels.general().onnx(), "TinyModels.general()", evalTexts, chunkBytes);
        }
    }

    /** Sentences of the general corpus's training documents. */
    static List<String> sentences() {
        List<String> out = new ArrayList<>();
        for (String doc : GeneralCorpus.train()) {
            for (String s : doc.split("(?<=[.!?])\\s+")) {
                if (s.length() > 20) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    static void latencyAndFreshness(Path dir, int passages, int queries, int fresh) throws IOException {
        List<String> sentences = sentences();
        Random random = new Random(1);
        try (PassageIndex index = new PassageIndex(dir, 400)) {
            index.open();
            // Each synthetic document is one ~400-character passage of randomly drawn corpus sentences, so
            // the vocabulary and term statistics are English prose and every passage is distinct.
            long t0 = System.nanoTime();
            List<SourceDocument> batch = new ArrayList<>();
            List<String> texts = new ArrayList<>(passages);
            for (int i = 0; i < passages; i++) {
                StringBuilder sb = new StringBuilder();
                while (true) {
                    String s = sentences.get(random.nextInt(sentences.size()));
                    if (sb.length() + s.length() + 1 > 400) {
                        break;
                    }
                    sb.append(s).append(' ');
                }
                if (sb.length() == 0) { // the first sentence drawn was longer than a passage
                    String s = sentences.get(random.nextInt(sentences.size()));
                    sb.append(s, 0, Math.min(s.length(), 400));
                }
                String text = sb.toString().strip();
                texts.add(text);
                batch.add(new SourceDocument("syn-" + i, "bench", i + 1, text));
                if (batch.size() == 1000) {
                    index.addAll(batch);
                    batch.clear();
                }
            }
            index.addAll(batch);
            index.commit();
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("index: %d passages in %.1f s (%.0f passages/s), on disk %.1f MB%n",
                    index.passagesByDomain().get("bench"), indexSeconds, passages / indexSeconds, sizeMb(dir));

            long[] latencies = new long[queries];
            int found = 0;
            for (int warm = 0; warm < 200; warm++) {
                index.search("bench", words(texts.get(random.nextInt(passages)), random, 5), 5, Set.of());
            }
            for (int q = 0; q < queries; q++) {
                int target = random.nextInt(passages);
                String query = words(texts.get(target), random, 3 + random.nextInt(6));
                long s = System.nanoTime();
                List<PassageHit> hits = index.search("bench", query, 5, Set.of());
                latencies[q] = System.nanoTime() - s;
                if (hits.stream().anyMatch(h -> h.passage().documentId().equals("syn-" + target))) {
                    found++;
                }
            }
            System.out.printf("query (k=5, 3-8 words of a random passage): p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                    + " source passage in the top 5 for %d/%d%n", pct(latencies, 50), pct(latencies, 99),
                    pct(latencies, 100), found, queries);

            long[] freshness = new long[fresh];
            for (int i = 0; i < fresh; i++) {
                String marker = "zq" + Integer.toString(1_000_000 + i, 36);
                String text = "Fresh report " + marker + ": " + texts.get(random.nextInt(passages));
                long s = System.nanoTime();
                index.addAll(List.of(new SourceDocument("fresh-" + i, "bench", passages + i + 1, text)));
                List<PassageHit> hits = index.search("bench", marker, 1, Set.of());
                freshness[i] = System.nanoTime() - s;
                if (hits.isEmpty() || !hits.get(0).passage().documentId().equals("fresh-" + i)) {
                    throw new IllegalStateException("fresh document " + i + " not found right after indexing");
                }
            }
            System.out.printf("freshness (index + refresh + found by search, at %d passages): p50 %.2f ms, p99 %.2f ms,"
                    + " max %.2f ms%n", passages, pct(freshness, 50), pct(freshness, 99), pct(freshness, 100));
        }
    }

    static void bitsPerByte(Path dir, byte[] onnx, String name, int evalTexts, int chunkBytes) throws IOException {
        List<String> prose = TinyModels.heldOutProse(chunkBytes);
        List<String> code = TinyModels.code(evalTexts, chunkBytes, 7);
        try (OrtLanguageModel model = OrtLanguageModel.load(onnx, 2);
             PassageIndex index = new PassageIndex(dir, 400)) {
            index.open();
            List<SourceDocument> docs = new ArrayList<>();
            for (int i = 0; i < prose.size(); i++) {
                docs.add(new SourceDocument("p" + i, "fresh", i + 1, prose.get(i)));
            }
            index.addAll(docs);
            int window = model.config().contextLength();
            int budget = ContextPacker.budget(window, null);
            double chars = 0;
            int tokens = 0;
            for (String p : prose.subList(0, Math.min(200, prose.size()))) {
                chars += p.length();
                tokens += model.tokenizer().encode(p).length;
            }
            System.out.printf("model: %s (window %d tokens, context budget %d); %.2f characters per"
                    + " token on held-out prose; %d fresh documents (held-out prose chunks of ~%d bytes) indexed%n",
                    name, window, budget, chars / tokens, prose.size(), chunkBytes);
            int step = Math.max(1, prose.size() / evalTexts);
            List<String> evalProse = new ArrayList<>();
            List<String> evalIds = new ArrayList<>();
            for (int i = 0; i < prose.size() && evalProse.size() < evalTexts; i += step) {
                evalProse.add(prose.get(i));
                evalIds.add("p" + i);
            }
            report("fresh documents, self retrievable", model, index, evalProse, evalIds, false, budget);
            report("fresh documents, self excluded", model, index, evalProse, evalIds, true, budget);
            report("code against the prose index (no relevant passage)", model, index, code, null, false, budget);
        }
    }

    static void report(String name, OrtLanguageModel model, PassageIndex index, List<String> texts, List<String> ids,
                       boolean excludeSelf, int budget) throws IOException {
        List<ScoreResult> plain = new ArrayList<>();
        List<ScoreResult> retrieved = new ArrayList<>();
        int withContext = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Set<String> exclude = excludeSelf ? Set.of(ids.get(i)) : Set.of();
            List<PassageHit> hits;
            try {
                hits = index.search("fresh", text, 5, exclude);
            } catch (IllegalArgumentException e) {
                hits = List.of(); // no searchable word
            }
            ContextPacker.Packed packed = ContextPacker.pack(hits, budget, model.tokenizer());
            plain.add(model.score(text));
            retrieved.add(model.score(packed.text(), text));
            if (!packed.used().isEmpty()) {
                withContext++;
            }
        }
        double without = ScoreResult.total(plain).bitsPerByte();
        double with = ScoreResult.total(retrieved).bitsPerByte();
        System.out.printf("%s: %d texts (%d got context): bits/byte without %.4f, with retrieval %.4f (%+.1f%%)%n",
                name, texts.size(), withContext, without, with, 100 * (with - without) / without);
    }

    static String words(String text, Random random, int n) {
        String[] w = text.split("\\s+");
        int from = random.nextInt(Math.max(1, w.length - n));
        return String.join(" ", Arrays.copyOfRange(w, from, Math.min(w.length, from + n)));
    }

    static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    static double sizeMb(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum() / 1e6;
        }
    }
}
