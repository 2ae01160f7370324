package io.specialist.trainer.service;

import io.specialist.trainer.pipeline.JobKind;
import java.util.Map;

/**
 * A trigger for a job, from a drift detection, the API or startup.
 *
 * @param strategy regulariser override ({@code l2sp}, {@code ewc}, {@code none}); null for the default
 * @param steps    optimiser steps override; null for the default
 * @param method   {@code full} or {@code adapter}; null for the domain's configured default
 */
public record JobRequest(String domain, JobKind kind, String source, Map<String, Object> detail, String strategy,
        Integer steps, String method) {

    /** A request that leaves the method to the domain's default. */
    public JobRequest(String domain, JobKind kind, String source, Map<String, Object> detail, String strategy,
            Integer steps) {
        this(domain, kind, source, detail, strategy, steps, null);
    }

    public static final String SOURCE_DRIFT = "drift";
    public static final String SOURCE_API = "api";
    public static final String SOURCE_STARTUP = "startup";
    /** Enough new preference pairs from expert feedback. */
    public static final String SOURCE_FEEDBACK = "feedback";
}
