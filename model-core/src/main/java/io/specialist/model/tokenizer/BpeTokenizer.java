package io.specialist.model.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE tokenizer. Ids 0..255 are the raw bytes, id 256 is the end-of-document token
 * (EOT), ids from 257 on are merges in the order they were learned. Any byte sequence encodes and
 * decodes back to itself; text never encodes to EOT, which only the data pipeline inserts.
 * Immutable and thread-safe.
 */
public final class BpeTokenizer {

    /** Id of the end-of-document token. */
    public static final int EOT = 256;
    /** Id of the first merge. */
    public static final int FIRST_MERGE = 257;

    static final String FORMAT = "specialist-byte-bpe";
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CACHE_LIMIT = 1 << 17;

    private final int[][] merges;          // (M, 2): merge i joins merges[i][0], merges[i][1] into 257 + i
    private final Map<Long, Integer> rank;  // pair key -> merge index
    private final byte[][] tokenBytes;      // (V) bytes each id decodes to
    private final Map<ByteSeq, int[]> cache = new ConcurrentHashMap<>();

    private BpeTokenizer(int[][] merges) {
        this.merges = merges;
        this.rank = new HashMap<>(merges.length * 2);
        this.tokenBytes = new byte[FIRST_MERGE + merges.length][];
        for (int b = 0; b < 256; b++) {
            tokenBytes[b] = new byte[] {(byte) b};
        }
        tokenBytes[EOT] = new byte[0];
        for (int i = 0; i < merges.length; i++) {
            int a = merges[i][0], b = merges[i][1];
            rank.put(key(a, b), i);
            byte[] left = tokenBytes[a], right = tokenBytes[b];
            byte[] joined = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            tokenBytes[FIRST_MERGE + i] = joined;
        }
    }

    /**
     * Learns {@code vocabSize - 257} merges from {@code texts}. Stops early (smaller vocabulary) when
     * no pair occurs at least twice. Deterministic: ties between equally frequent pairs go to the
     * pair with the smaller ids.
     */
    public static BpeTokenizer train(Iterable<String> texts, int vocabSize) {
        if (vocabSize < FIRST_MERGE) {
            throw new IllegalArgumentException("vocabSize must be at least " + FIRST_MERGE + ", got " + vocabSize);
        }
        return new BpeTokenizer(BpeTrainer.learnMerges(texts, vocabSize - FIRST_MERGE));
    }

    /** Number of ids: 256 bytes, EOT and the merges. */
    public int vocabSize() {
        return tokenBytes.length;
    }

    public int endOfDocument() {
        return EOT;
    }

    /** The bytes id {@code id} stands for (empty for EOT). */
    public byte[] tokenBytes(int id) {
        checkId(id);
        return tokenBytes[id].clone();
    }

    public int[] encode(String text) {
        return encode(text.getBytes(StandardCharsets.UTF_8));
    }

    public int[] encode(byte[] bytes) {
        IntList out = new IntList(bytes.length / 3 + 16);
        ByteChunker.split(bytes, (start, end) -> {
            out.addAll(encodeChunk(bytes, start, end));
            return 0;
        });
        return out.toArray();
    }

    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 3);
        for (int id : ids) {
            checkId(id);
            out.writeBytes(tokenBytes[id]);
        }
        return out.toByteArray();
    }

    /** Decodes to text; byte sequences that are not valid UTF-8 become U+FFFD. */
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    private int[] encodeChunk(byte[] bytes, int start, int end) {
        ByteSeq seq = new ByteSeq(Arrays.copyOfRange(bytes, start, end));
        int[] cached = cache.get(seq);
        if (cached != null) {
            return cached;
        }
        int[] ids = mergeChunk(seq.bytes());
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(seq, ids);
        return ids;
    }

    /** Applies merges by rank: repeatedly join every occurrence of the earliest-learned pair present. */
    private int[] mergeChunk(byte[] chunk) {
        int[] ids = new int[chunk.length];
        for (int i = 0; i < chunk.length; i++) {
            ids[i] = chunk[i] & 0xFF;
        }
        int len = ids.length;
        while (len > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < len; i++) {
                Integer r = rank.get(key(ids[i], ids[i + 1]));
                if (r != null && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            len = applyMerge(ids, len, merges[best][0], merges[best][1], FIRST_MERGE + best);
        }
        return Arrays.copyOf(ids, len);
    }

    /** Replaces each non-overlapping (a, b), left to right, by {@code id} in place; returns the new length. */
    static int applyMerge(int[] ids, int len, int a, int b, int id) {
        int w = 0;
        for (int r = 0; r < len; r++) {
            if (r + 1 < len && ids[r] == a && ids[r + 1] == b) {
                ids[w++] = id;
                r++;
            } else {
                ids[w++] = ids[r];
            }
        }
        return w;
    }

    static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokenBytes.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + tokenBytes.length + ")");
        }
    }

    // ---------------------------------------------------------------- JSON

    /** {"format":"specialist-byte-bpe","version":1,"vocabSize":V,"endOfDocument":256,"merges":[[a,b],...]} */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", FORMAT_VERSION);
        root.put("vocabSize", vocabSize());
        root.put("endOfDocument", EOT);
        ArrayNode list = root.putArray("merges");
        for (int[] m : merges) {
            list.addArray().add(m[0]).add(m[1]);
        }
        return root.toString();
    }

    /** Reads {@link #toJson()}'s format; throws IllegalArgumentException saying what is wrong. */
    public static BpeTokenizer fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tokenizer JSON is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tokenizer JSON must be an object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        String format = root.path("format").asText(null);
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("tokenizer JSON format must be \"" + FORMAT + "\", got " + root.get("format"));
        }
        int version = root.path("version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported tokenizer JSON version " + root.get("version")
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        JsonNode list = root.get("merges");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("tokenizer JSON needs a \"merges\" array of [a, b] id pairs");
        }
        List<int[]> merges = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode pair = list.get(i);
            int limit = FIRST_MERGE + i;
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isInt() || !pair.get(1).isInt()) {
                throw new IllegalArgumentException("merge " + i + " must be a pair of integer ids, got " + pair);
            }
            int a = pair.get(0).asInt(), b = pair.get(1).asInt();
            if (a < 0 || b < 0 || a >= limit || b >= limit || a == EOT || b == EOT) {
                throw new IllegalArgumentException("merge " + i + " " + pair + " must join ids below " + limit
                        + " other than the end-of-document id " + EOT);
            }
            merges.add(new int[] {a, b});
        }
        JsonNode declared = root.get("vocabSize");
        if (declared != null && declared.asInt() != FIRST_MERGE + merges.size()) {
            throw new IllegalArgumentException("tokenizer JSON declares vocabSize " + declared + " but has "
                    + merges.size() + " merges (vocabSize " + (FIRST_MERGE + merges.size()) + ")");
        }
        return new BpeTokenizer(merges.toArray(new int[0][]));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BpeTokenizer other && Arrays.deepEquals(merges, other.merges);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(merges);
    }

    @Override
    public String toString() {
        return "BpeTokenizer[vocabSize=" + vocabSize() + "]";
    }
}
