package io.specialist.model.preference;

/**
 * A judgement that {@code chosen} is a better continuation of {@code prompt} than {@code rejected}.
 */
public record PreferencePair(String prompt, String chosen, String rejected) {

    public PreferencePair {
        if (prompt == null || chosen == null || rejected == null) {
            throw new IllegalArgumentException("a preference pair needs a prompt, a chosen and a rejected text");
        }
        if (chosen.isEmpty() || rejected.isEmpty()) {
            throw new IllegalArgumentException("the chosen and rejected texts of a pair must not be empty");
        }
    }
}
