package io.specialist.trainer.rest;

/**
 * Body of {@code POST /v1/jobs}.
 *
 * @param domain   the domain to fine-tune (required)
 * @param strategy forgetting protection: {@code l2sp} (default), {@code ewc} or {@code none}
 * @param steps    optimiser steps (default from config)
 * @param method   {@code full} (every weight) or {@code adapter} (low-rank adapters on the frozen base);
 *                 default from config, per domain
 * @param kind     {@code fine-tune} (default) or {@code preference} (DPO on the domain's feedback pairs)
 */
public record CreateJobRequest(String domain, String strategy, Integer steps, String method, String kind) {

    /** Without a kind: a fine-tune. */
    public CreateJobRequest(String domain, String strategy, Integer steps, String method) {
        this(domain, strategy, steps, method, null);
    }
}
