package io.specialist.model.checkpoint;

import io.specialist.model.ModelConfig;
import io.specialist.model.TransformerModel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a base model by its weights: SHA-256 over the shape (5 x int32) and the parameters
 * (float32), little-endian. Unlike a file checksum it does not change when the same weights are saved
 * with other metadata, a Fisher or optimizer state, and it changes when any weight does, which is
 * exactly when an adapter trained on the base stops being valid.
 *
 * @param version the base's registry version, e.g. {@code general@1} (for messages; the sha decides)
 * @param sha256  hex SHA-256 of the weights
 */
public record BaseFingerprint(String version, String sha256) {

    public BaseFingerprint {
        if (version == null || version.isBlank() || sha256 == null || sha256.length() != 64) {
            throw new IllegalArgumentException("a base fingerprint needs a version and a 64-hex-digit sha256, got "
                    + version + " / " + sha256);
        }
    }

    public static BaseFingerprint of(String version, TransformerModel base) {
        return new BaseFingerprint(version, weightsSha256(base.config(), base.params()));
    }

    public static String weightsSha256(ModelConfig config, float[] params) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(config.vocabSize()).putInt(config.contextLength()).putInt(config.dModel())
                .putInt(config.layers()).putInt(config.heads());
        for (float p : params) {
            if (buf.remaining() < 4) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(p);
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }
}
