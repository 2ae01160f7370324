package io.specialist.trainer.rest;

/**
 * Body of {@code POST /v1/jobs}.
 *
 * @param domain   the domain to fine-tune (required)
 * @param strategy forgetting protection: {@code l2sp} (default), {@code ewc} or {@code none}
 * @param steps    optimiser steps (default from config)
 */
public record CreateJobRequest(String domain, String strategy, Integer steps) {
}
