package io.specialist.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The frame both file kinds share: magic number, format version and body size (16 bytes, little-endian),
 * the body, then the SHA-256 of everything before it. Checkpoints and adapters differ only in their magic
 * and body; reading checks the frame completely before a body field is parsed.
 *
 * @param magic   the kind's magic number
 * @param version the format version this build writes and reads
 * @param kind    the kind in messages ("checkpoint", "adapter")
 * @param tag     the magic's four letters, for messages
 * @param what    what such a file is, for the message when another kind is read as this one
 */
record Envelope(int magic, int version, String kind, String tag, String what) {

    static final int HEADER_BYTES = 16;
    static final int HASH_BYTES = 32;

    /** A buffer holding the header, with room for a body of {@code size} bytes and the hash. */
    ByteBuffer start(long size) {
        long total = HEADER_BYTES + size + HASH_BYTES;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(kind + " of " + total + " bytes is too large for this format");
        }
        return ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN).putInt(magic).putInt(version).putLong(size);
    }

    /** Appends the hash to a buffer from {@link #start} whose body is written; the file's bytes. */
    static byte[] finish(ByteBuffer buf) {
        buf.put(Checkpoint.sha256(buf.array(), 0, buf.position()));
        return buf.array();
    }

    /** The hash of a file's bytes, as hex. */
    static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, bytes.length - HASH_BYTES, bytes.length);
    }

    /**
     * Checks the frame of {@code bytes} and returns a little-endian buffer positioned at the body and
     * limited to its end.
     *
     * @param other an envelope this file must not be, named in the message when it is (or null)
     */
    ByteBuffer open(byte[] bytes, Envelope other) throws CheckpointException {
        if (bytes.length < HEADER_BYTES) {
            throw new CheckpointException("truncated: " + bytes.length + " bytes is shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int found = buf.getInt();
        if (other != null && found == other.magic) {
            throw new CheckpointException("this is " + article(other.what) + " (\"" + other.tag + "\"), not "
                    + article(what) + " (\"" + tag + "\")");
        }
        if (found != magic) {
            throw new CheckpointException(String.format("not a Specialist %s: magic number 0x%08x, expected 0x%08x (\"%s\")",
                    kind, found, magic, tag));
        }
        int foundVersion = buf.getInt();
        if (foundVersion != version) {
            throw new CheckpointException("unsupported " + kind + " format version " + foundVersion
                    + "; this build reads version " + version);
        }
        long size = buf.getLong();
        long expected = HEADER_BYTES + size + HASH_BYTES;
        if (size < 0 || bytes.length < expected) {
            throw new CheckpointException("truncated: header declares " + expected + " bytes, file has " + bytes.length);
        }
        if (bytes.length > expected) {
            throw new CheckpointException("unexpected " + (bytes.length - expected) + " bytes after the end of the " + kind);
        }
        int end = (int) (HEADER_BYTES + size);
        byte[] actual = Checkpoint.sha256(bytes, 0, end);
        byte[] stored = Arrays.copyOfRange(bytes, end, (int) expected);
        if (!MessageDigest.isEqual(actual, stored)) {
            throw new CheckpointException("SHA-256 mismatch (stored " + HexFormat.of().formatHex(stored)
                    + ", computed " + HexFormat.of().formatHex(actual) + "): the file is corrupted or was modified");
        }
        return buf.limit(end);
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
