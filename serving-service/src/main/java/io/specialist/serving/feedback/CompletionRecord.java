package io.specialist.serving.feedback;

import java.time.Instant;

/** What a rating by completion id needs to become a judgement of (model version, prompt, completion). */
public record CompletionRecord(String id, String modelVersion, String prompt, String completion, Instant createdAt) {
}
