package io.specialist.serving.rest.api;

import java.util.List;

/**
 * {@code POST /v1/route}: the chosen domain and the full ranking, best (lowest routing score) first.
 *
 * @param domain  the domain whose active model gives the text the lowest routing score
 * @param version that model's version; {@code model: "auto"} completions would run on it
 * @param ranking every active model's score, best first
 */
public record RouteResponse(String domain, String version, List<Score> ranking) {

    /**
     * One domain's active model and how surprised it is by the text; {@code routingScore} is the bits per byte,
     * for the base model times (1 - {@code specialist.serving.route-base-margin}).
     */
    public record Score(String domain, String version, long tokens, long bytes, double bitsPerByte, double routingScore) {
    }
}
