package io.specialist.serving.service;

import io.specialist.model.ort.GenerationRequest;

/** A validated completion request: which model, what to generate, and whether to stream. */
public record CompletionPlan(ModelRef model, GenerationRequest generation, boolean stream) {
}
