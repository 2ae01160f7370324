package io.specialist.model.train;

/**
 * One supervised fine-tuning example: the model reads {@code prompt} and is trained to continue it with
 * {@code response}. The two are tokenized separately and joined without a separator, exactly as
 * conditional scoring ({@code score(context, text)}) and completions join them, so a prompt that wants a
 * separator ("Define X:\n") carries it itself.
 */
public record InstructionExample(String prompt, String response) {

    public InstructionExample {
        if (prompt == null) {
            throw new IllegalArgumentException("prompt must not be null");
        }
        if (response == null || response.isEmpty()) {
            throw new IllegalArgumentException("response must not be empty: there would be nothing to train on");
        }
    }
}
