package io.specialist.model.ort;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns generated token bytes into text as they arrive: holds back an incomplete UTF-8 character and
 * any tail that could still become a stop sequence, and finds the first stop sequence.
 */
final class TextAssembler {

    private final List<String> stops;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private String text = "";
    private int emitted;
    private boolean stopped;

    TextAssembler(List<String> stops) {
        this.stops = stops;
    }

    /**
     * Appends one token's bytes.
     *
     * @return the text that became final with it (possibly empty)
     */
    String append(byte[] tokenBytes) {
        bytes.writeBytes(tokenBytes);
        byte[] all = bytes.toByteArray();
        text = new String(all, 0, completeLength(all), StandardCharsets.UTF_8);
        int cut = firstStop();
        if (cut >= 0) {
            stopped = true;
            text = text.substring(0, cut);
            return take(cut);
        }
        return take(text.length() - heldBack());
    }

    /** True once a stop sequence has appeared; the text ends before it. */
    boolean stopped() {
        return stopped;
    }

    /** Ends the stream: releases the held-back tail (an incomplete character becomes U+FFFD). */
    String finish() {
        if (!stopped) {
            text = bytes.toString(StandardCharsets.UTF_8);
        }
        return take(text.length());
    }

    /** All final text so far. */
    String text() {
        return text.substring(0, emitted);
    }

    private String take(int upTo) {
        if (upTo <= emitted) {
            return "";
        }
        String out = text.substring(emitted, upTo);
        emitted = upTo;
        return out;
    }

    private int firstStop() {
        int best = -1;
        int from = emitted; // emitted text never holds the start of a stop sequence
        for (String s : stops) {
            int i = text.indexOf(s, from);
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    /** Length of the longest tail of the text that is a proper prefix of a stop sequence. */
    private int heldBack() {
        int hold = 0;
        for (String s : stops) {
            for (int n = Math.min(s.length() - 1, text.length()); n > hold; n--) {
                if (text.regionMatches(text.length() - n, s, 0, n)) {
                    hold = n;
                    break;
                }
            }
        }
        return Math.min(hold, text.length() - emitted);
    }

    /** Bytes up to the last complete UTF-8 character (an unfinished multi-byte tail is left out). */
    static int completeLength(byte[] b) {
        int n = b.length;
        // Walk back over at most 3 continuation bytes to the lead byte of the last character.
        int i = n - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return n;
        }
        int lead = b[i] & 0xFF;
        int need = lead >= 0xF0 && lead <= 0xF7 ? 3 : lead >= 0xE0 ? (lead <= 0xEF ? 2 : 0) : lead >= 0xC0 ? 1 : 0;
        return continuation < need ? i : n;
    }
}
