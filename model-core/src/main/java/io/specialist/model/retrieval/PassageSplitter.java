package io.specialist.model.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a document into passages of at most {@code maxChars} characters. A cut goes after the last
 * sentence end in the second half of the window, else after the last whitespace, else mid-word, so
 * passages read as whole sentences where the text allows it. Passages do not overlap: a citation then
 * names each piece of text once and a document of n characters costs about n / maxChars index entries.
 */
public final class PassageSplitter {

    private final int maxChars;

    public PassageSplitter(int maxChars) {
        if (maxChars < 16) {
            throw new IllegalArgumentException("passage size must be at least 16 characters, got " + maxChars);
        }
        this.maxChars = maxChars;
    }

    public List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = skipSpace(text, 0);
        while (start < text.length()) {
            int end = Math.min(text.length(), start + maxChars);
            if (end < text.length()) {
                end = cut(text, start, end);
            }
            String piece = text.substring(start, end).strip();
            if (!piece.isEmpty()) {
                out.add(piece);
            }
            start = skipSpace(text, end);
        }
        return out;
    }

    private static int cut(String text, int start, int end) {
        int half = start + (end - start) / 2;
        for (int i = end - 1; i > half; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?' || c == '\n') && Character.isWhitespace(text.charAt(i + 1))) {
                return i + 1;
            }
        }
        for (int i = end; i > half; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return end;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
