package io.specialist.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of normalised content, as lowercase hex. */
public final class ContentHash {

    private ContentHash() {
    }

    public static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hash of an instruction pair; U+0000 (removed by normalisation) separates the parts unambiguously. */
    public static String sha256(String prompt, String response) {
        MessageDigest digest = digest();
        digest.update(prompt.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(response.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
