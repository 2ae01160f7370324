package io.specialist.trainer.rest;

/**
 * Body of {@code POST /v1/jobs}.
 *
 * @param domain   the domain to train (required)
 * @param strategy forgetting protection: {@code l2sp} (default), {@code ewc} or {@code none}
 * @param steps    optimiser steps (default from config)
 * @param method   {@code full} (every weight) or {@code adapter} (low-rank adapters on the frozen base);
 *                 default from config, per domain
 * @param kind     {@code continued-pretraining} (default; {@code fine-tune} is read too) on the domain's
 *                 documents, {@code sft} on its instruction examples, or {@code preference} (DPO on its
 *                 feedback pairs)
 */
public record CreateJobRequest(String domain, String strategy, Integer steps, String method, String kind) {
}
