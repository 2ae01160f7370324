package io.specialist.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns BPE merges with incremental pair counts: text is cut into chunks once, identical chunks are
 * counted together ("words"), and after each merge only the words containing the merged pair are
 * re-counted. A priority queue with lazy deletion finds the most frequent pair.
 */
final class BpeTrainer {

    private final List<int[]> words = new ArrayList<>();  // symbols of each distinct chunk
    private final List<Long> freqs = new ArrayList<>();   // occurrences of each distinct chunk
    private final Map<Long, long[]> pairCounts = new HashMap<>();
    private final Map<Long, IntList> pairWords = new HashMap<>(); // may hold stale or repeated indices
    // Most frequent first; ties to the smaller pair key, so training is deterministic.
    private final PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) ->
            x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(x[1], y[1]));
    private int[] visited = new int[0];

    private BpeTrainer() {
    }

    static int[][] learnMerges(Iterable<String> texts, int mergeCount) {
        BpeTrainer t = new BpeTrainer();
        t.countWords(texts);
        return t.merge(mergeCount);
    }

    private void countWords(Iterable<String> texts) {
        Map<ByteSeq, long[]> counts = new HashMap<>();
        for (String text : texts) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ByteChunker.split(bytes, (start, end) -> {
                if (end - start > 1) { // single bytes hold no pair
                    byte[] chunk = java.util.Arrays.copyOfRange(bytes, start, end);
                    counts.computeIfAbsent(new ByteSeq(chunk), k -> new long[1])[0]++;
                }
                return 0;
            });
        }
        // Sort so word indices (and everything after) do not depend on hash iteration order.
        List<Map.Entry<ByteSeq, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((x, y) -> java.util.Arrays.compareUnsigned(x.getKey().bytes(), y.getKey().bytes()));
        for (Map.Entry<ByteSeq, long[]> e : entries) {
            byte[] chunk = e.getKey().bytes();
            int[] symbols = new int[chunk.length];
            for (int i = 0; i < chunk.length; i++) {
                symbols[i] = chunk[i] & 0xFF;
            }
            int w = words.size();
            words.add(symbols);
            freqs.add(e.getValue()[0]);
            for (int i = 0; i + 1 < symbols.length; i++) {
                long key = BpeTokenizer.key(symbols[i], symbols[i + 1]);
                pairCounts.computeIfAbsent(key, k -> new long[1])[0] += e.getValue()[0];
                pairWords.computeIfAbsent(key, k -> new IntList(4)).add(w);
            }
        }
        visited = new int[words.size()];
        java.util.Arrays.fill(visited, -1);
        for (Map.Entry<Long, long[]> e : pairCounts.entrySet()) {
            queue.add(new long[] {e.getValue()[0], e.getKey()});
        }
    }

    private int[][] merge(int mergeCount) {
        List<int[]> merges = new ArrayList<>(mergeCount);
        while (merges.size() < mergeCount) {
            long[] top = queue.poll();
            if (top == null) {
                break;
            }
            long[] current = pairCounts.get(top[1]);
            if (current == null || current[0] != top[0]) {
                continue; // stale entry: the pair's count changed and was re-queued
            }
            if (top[0] < 2) {
                break; // merging a pair seen once compresses nothing worth a vocabulary slot
            }
            int a = (int) (top[1] >>> 32);
            int b = (int) top[1];
            int id = BpeTokenizer.FIRST_MERGE + merges.size();
            merges.add(new int[] {a, b});
            applyEverywhere(top[1], a, b, id, merges.size());
        }
        return merges.toArray(new int[0][]);
    }

    private void applyEverywhere(long pair, int a, int b, int id, int stamp) {
        IntList holders = pairWords.remove(pair);
        pairCounts.remove(pair);
        Map<Long, Long> delta = new HashMap<>();
        for (int h = 0; h < holders.size(); h++) {
            int w = holders.get(h);
            if (visited[w] == stamp) {
                continue;
            }
            visited[w] = stamp;
            int[] symbols = words.get(w);
            long f = freqs.get(w);
            int[] merged = symbols.clone();
            int len = BpeTokenizer.applyMerge(merged, merged.length, a, b, id);
            if (len == symbols.length) {
                continue; // stale: this word no longer holds the pair
            }
            for (int i = 0; i + 1 < symbols.length; i++) {
                delta.merge(BpeTokenizer.key(symbols[i], symbols[i + 1]), -f, Long::sum);
            }
            int[] next = java.util.Arrays.copyOf(merged, len);
            for (int i = 0; i + 1 < len; i++) {
                long key = BpeTokenizer.key(next[i], next[i + 1]);
                delta.merge(key, f, Long::sum);
                if (next[i] == id || next[i + 1] == id) {
                    pairWords.computeIfAbsent(key, k -> new IntList(4)).add(w);
                }
            }
            words.set(w, next);
        }
        delta.remove(pair);
        // Apply in key order so the queue sees the same sequence every run.
        delta.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getValue() == 0) {
                return;
            }
            long[] count = pairCounts.computeIfAbsent(e.getKey(), k -> new long[1]);
            count[0] += e.getValue();
            if (count[0] <= 0) {
                pairCounts.remove(e.getKey());
                pairWords.remove(e.getKey());
            } else {
                queue.add(new long[] {count[0], e.getKey()});
            }
        });
    }
}
