package io.specialist.trainer.rest;

/**
 * Body of {@code POST /v1/jobs}.
 *
 * @param domain   the domain to train (required)
 * @param kind     {@code continued-pretraining} (default; {@code fine-tune} is read as it) on the domain's
 *                 documents, or {@code sft} on its instruction examples
 * @param strategy forgetting protection: {@code l2sp} (default), {@code ewc} or {@code none}
 * @param steps    optimiser steps (default from config)
 * @param method   {@code full} (every weight) or {@code adapter} (low-rank adapters on the frozen base);
 *                 default from config, per domain
 * @param kind     {@code continued-pretraining} (default; {@code fine-tune} is read too), {@code sft} or
 *                 {@code preference} (DPO on the domain's feedback pairs)
 */
public record CreateJobRequest(String domain, String strategy, Integer steps, String method, String kind) {

    /** Without a kind: continued pretraining. */
    public CreateJobRequest(String domain, String strategy, Integer steps, String method) {
        this(domain, strategy, steps, method, null);
    }
}
