package io.specialist.serving.service;

import io.specialist.model.ort.GenerationRequest;

/**
 * A validated completion request: which model, what to generate, whether to stream, and the retrieval
 * to run first ({@code null}: none).
 */
public record CompletionPlan(ModelRef model, GenerationRequest generation, boolean stream, RetrievalPlan retrieval) {
}
