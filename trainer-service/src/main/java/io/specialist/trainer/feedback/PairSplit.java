package io.specialist.trainer.feedback;

import io.specialist.trainer.registry.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The stable train/held-out split of preference pairs: about one prompt in five is held out, by the SHA-256 of
 * (domain, prompt). Splitting by prompt rather than by pair keeps every pair of one prompt on one side, so the
 * gate never scores a prompt the candidate was trained on (ratings give several pairs per prompt).
 */
public final class PairSplit {

    public static final String TRAIN = "train";
    public static final String HELDOUT = "heldout";

    private PairSplit() {
    }

    public static String of(String domain, String prompt) {
        String hash = Sha256.hex((domain + "\u0000" + prompt).getBytes(StandardCharsets.UTF_8));
        return Integer.parseInt(hash.substring(0, 2), 16) % 5 == 0 ? HELDOUT : TRAIN;
    }
}
