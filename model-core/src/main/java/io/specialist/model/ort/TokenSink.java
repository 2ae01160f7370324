package io.specialist.model.ort;

/**
 * Receives generated text as it is produced, e.g. to stream it as server-sent events.
 * Throwing from {@link #accept} aborts the generation (the exception reaches the caller of
 * {@code generate}), which is how a caller stops when its client has gone away.
 */
@FunctionalInterface
public interface TokenSink {

    /** Discards everything. */
    TokenSink NONE = (token, text) -> {
    };

    /**
     * Called once per generated token, in order.
     *
     * @param token the token id
     * @param text  new text that is final: may be empty while a multi-byte character is incomplete or
     *              while the tail could still turn into a stop sequence; the concatenation of all
     *              {@code text} equals the result's text
     */
    void accept(int token, String text);
}
