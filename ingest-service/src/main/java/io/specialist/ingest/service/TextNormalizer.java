package io.specialist.ingest.service;

import java.text.Normalizer;

/**
 * Canonical form of submitted text, so that the same content always hashes the same: Unicode NFC, line
 * breaks as {@code \n}, control characters removed (PostgreSQL rejects NUL), runs of horizontal
 * whitespace inside a line collapsed to one space, trailing spaces cut, at most one blank line in a row,
 * no leading or trailing blank lines. Indentation of lines after the first is kept because it carries
 * meaning in code and lists of technical domains.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    /** The normalised text; throws {@link IllegalArgumentException} on an unpaired UTF-16 surrogate. */
    public static String normalize(String input) {
        String text = Normalizer.isNormalized(input, Normalizer.Form.NFC)
                ? input : Normalizer.normalize(input, Normalizer.Form.NFC);
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        StringBuilder indent = new StringBuilder();
        int newlines = 0;          // line breaks seen since the last visible character
        boolean lineStart = true;  // no visible character yet on the current line
        boolean space = false;     // whitespace seen since the last visible character of this line
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                newlines++;
                lineStart = true;
                space = false;
                indent.setLength(0);
                continue;
            }
            if (isHorizontalSpace(c)) {
                if (lineStart) {
                    indent.append(c == '\t' ? '\t' : ' ');
                } else {
                    space = true;
                }
                continue;
            }
            if (Character.isISOControl(c) || c == '\uFEFF') {
                continue; // NUL, other C0/C1 controls and byte order marks carry no text
            }
            if (Character.isSurrogate(c)) {
                if (!(Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))) {
                    throw new IllegalArgumentException("contains an unpaired UTF-16 surrogate at index " + i);
                }
            }
            if (out.length() > 0) {
                if (newlines > 0) {
                    out.append(newlines > 1 ? "\n\n" : "\n").append(indent);
                } else if (space) {
                    out.append(' ');
                }
            }
            newlines = 0;
            space = false;
            lineStart = false;
            indent.setLength(0);
            out.append(c);
            if (Character.isHighSurrogate(c)) {
                out.append(text.charAt(++i));
            }
        }
        return out.toString();
    }

    /** Single-line form for titles and sources: all whitespace runs become one space, ends trimmed. */
    public static String normalizeLine(String input) {
        String text = normalize(input);
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || c == ' ') {
                space = true;
            } else {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\u000C'
                || (c > 127 && Character.getType(c) == Character.SPACE_SEPARATOR);
    }
}
