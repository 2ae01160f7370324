package io.specialist.trainer.rest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single HTTP byte range (RFC 9110 section 14) resolved against a representation of {@code size} bytes.
 * Multiple ranges and malformed headers are ignored (the full body is sent), which the RFC allows.
 */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** Thrown for a syntactically valid range that lies entirely beyond the representation (416). */
    public static final class UnsatisfiableException extends RuntimeException {
        public UnsatisfiableException(String message) {
            super(message);
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches()) {
            return Optional.empty();
        }
        String a = m.group(1);
        String b = m.group(2);
        try {
            if (a.isEmpty() && b.isEmpty()) {
                return Optional.empty();
            }
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix == 0 || size == 0) {
                    throw new UnsatisfiableException("suffix range of 0 bytes, or an empty representation");
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (!b.isEmpty() && Long.parseLong(b) < first) {
                return Optional.empty();
            }
            if (first >= size) {
                throw new UnsatisfiableException("range starts at byte " + first + " but the artifact has " + size
                        + " bytes");
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
