package io.specialist.serving.support;

import java.util.ArrayList;
import java.util.List;

/** Splits a server-sent event stream into the {@code data:} payloads of its events. */
public final class Sse {

    private Sse() {
    }

    public static List<String> data(String body) {
        List<String> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("data: ")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring("data: ".length()));
                } else if (!line.isBlank()) {
                    throw new AssertionError("unexpected SSE line: '" + line + "' in " + body);
                }
            }
            if (!data.isEmpty()) {
                events.add(data.toString());
            }
        }
        return events;
    }
}
