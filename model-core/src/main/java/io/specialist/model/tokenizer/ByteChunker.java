package io.specialist.model.tokenizer;

import java.util.function.IntBinaryOperator;

/**
 * Splits raw bytes into the chunks BPE merges may not cross, like GPT-2's pre-tokenisation regex
 * ({@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}) but on bytes, so it
 * accepts any input, including invalid UTF-8, and the chunks always concatenate back to the input.
 * Bytes >= 0x80 (the pieces of non-ASCII UTF-8 characters) count as letters, so accented words stay
 * whole.
 */
final class ByteChunker {

    /** Longer runs are cut so one pathological chunk cannot make encoding quadratic. */
    static final int MAX_CHUNK = 64;

    private static final int LETTER = 0;
    private static final int DIGIT = 1;
    private static final int SPACE = 2;
    private static final int OTHER = 3;

    private ByteChunker() {
    }

    /** Calls {@code sink.applyAsInt(start, end)} for each chunk of {@code bytes} in order. */
    static void split(byte[] bytes, IntBinaryOperator sink) {
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            int end = chunkEnd(bytes, i, n);
            while (end - i > MAX_CHUNK) {
                sink.applyAsInt(i, i + MAX_CHUNK);
                i += MAX_CHUNK;
            }
            sink.applyAsInt(i, end);
            i = end;
        }
    }

    private static int chunkEnd(byte[] b, int i, int n) {
        int contraction = contractionEnd(b, i, n);
        if (contraction > 0) {
            return contraction;
        }
        int cls = classOf(b[i]);
        if (b[i] == ' ' && i + 1 < n && classOf(b[i + 1]) != SPACE) {
            return runEnd(b, i + 1, n, classOf(b[i + 1]));
        }
        if (cls != SPACE) {
            return runEnd(b, i, n, cls);
        }
        int j = runEnd(b, i, n, SPACE);
        // Leave a final ' ' before a word to that word, as GPT-2 does: "a  b" -> "a", " ", " b".
        if (j < n && j - i > 1 && b[j - 1] == ' ') {
            return j - 1;
        }
        return j;
    }

    private static int runEnd(byte[] b, int i, int n, int cls) {
        int j = i;
        while (j < n && classOf(b[j]) == cls) {
            j++;
        }
        return j;
    }

    private static int contractionEnd(byte[] b, int i, int n) {
        if (b[i] != '\'' || i + 1 >= n) {
            return 0;
        }
        byte c1 = b[i + 1];
        if (c1 == 's' || c1 == 't' || c1 == 'm' || c1 == 'd') {
            return i + 2;
        }
        if (i + 2 < n) {
            byte c2 = b[i + 2];
            if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) {
                return i + 3;
            }
        }
        return 0;
    }

    private static int classOf(byte value) {
        int c = value & 0xFF;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) {
            return LETTER;
        }
        if (c >= '0' && c <= '9') {
            return DIGIT;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0x0B || c == 0x0C) {
            return SPACE;
        }
        return OTHER;
    }
}
