package io.specialist.ingest.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an NDJSON body one line at a time as raw bytes (UTF-8 is checked per line by the validator, so
 * one bad line does not fail the upload). A line longer than the limit is skipped to its end without
 * being buffered and reported as too long.
 */
final class NdjsonLineReader {

    /** One line: its number (from 1), its bytes without the line break, or null with {@code tooLong}. */
    record Line(int number, byte[] bytes, long tooLong) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private int lineNumber;
    private byte[] line = new byte[8 * 1024];

    NdjsonLineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the body. */
    Line next() throws IOException {
        int length = 0;
        long total = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    return finish(length, total);
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            total += chunk;
            if (total <= maxLineBytes) {
                if (length + chunk > line.length) {
                    line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                }
                System.arraycopy(buffer, start, line, length, chunk);
                length += chunk;
            }
            if (position < limit) {
                position++; // the '\n'
                return finish(length, total);
            }
        }
    }

    private Line finish(int length, long total) {
        lineNumber++;
        if (total > maxLineBytes) {
            return new Line(lineNumber, null, total);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new Line(lineNumber, Arrays.copyOf(line, length), 0);
    }
}
