package io.specialist.model.ort;

import java.util.Arrays;

/** The tokens a generation currently conditions on, at most the context length. */
final class TokenWindow {

    private int[] tokens;
    private int size;

    TokenWindow(int capacity) {
        tokens = new int[Math.max(capacity, 16)];
    }

    void add(int token) {
        if (size == tokens.length) {
            tokens = Arrays.copyOf(tokens, size * 2);
        }
        tokens[size++] = token;
    }

    void addAll(int[] more) {
        for (int t : more) {
            add(t);
        }
    }

    /** Drops the oldest tokens so that at most {@code n} remain. */
    void keepLast(int n) {
        if (size > n) {
            System.arraycopy(tokens, size - n, tokens, 0, n);
            size = n;
        }
    }

    int size() {
        return size;
    }

    /** Tokens [from, to) as the int64 ids ONNX Runtime takes. */
    long[] slice(int from, int to) {
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = tokens[i];
        }
        return out;
    }
}
