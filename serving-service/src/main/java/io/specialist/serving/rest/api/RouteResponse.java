package io.specialist.serving.rest.api;

import java.util.List;

/**
 * {@code POST /v1/route}: the chosen domain and the full ranking, best (lowest bits per byte) first.
 *
 * @param domain  the domain whose active model gives the text the lowest bits per byte
 * @param version that model's version; {@code model: "auto"} completions would run on it
 * @param ranking every active model's score, best first
 */
public record RouteResponse(String domain, String version, List<Score> ranking) {

    /** One domain's active model and how surprised it is by the text. */
    public record Score(String domain, String version, long tokens, long bytes, double bitsPerByte) {
    }
}
