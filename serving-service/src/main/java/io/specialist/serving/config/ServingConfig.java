package io.specialist.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of the serving service. The trainer URL and the admin token are platform-wide keys
 * ({@code specialist.trainer-url}, {@code specialist.admin.token}), the rest lives under
 * {@code specialist.serving}.
 */
@ConfigMapping(prefix = "specialist")
public interface ServingConfig {

    /** Root of local state (the embedded database lives in {@code <home>/serving/db}). */
    @WithDefault("${user.home}/.specialist")
    String home();

    /** Base URL of the trainer service, whose registry serves model manifests and ONNX artifacts. */
    @WithDefault("http://localhost:8083")
    URI trainerUrl();

    /** Base URL of the ingest service, whose document API gives the text of ingested documents (retrieval). */
    @WithDefault("http://localhost:8081")
    URI ingestUrl();

    /** Admin endpoints. */
    Admin admin();

    /** Serving knobs. */
    Serving serving();

    interface Admin {
        /** Bearer token for {@code /admin/**}; when unset every admin call answers 401. */
        Optional<String> token();
    }

    interface Serving {
        /** Domain of the base model that serves every domain without a model of its own. */
        @WithDefault("general")
        String baseDomain();

        /** Largest {@code max_tokens} a completion may ask for; larger requests get 400. */
        @WithDefault("256")
        int maxTokensLimit();

        /** {@code max_tokens} when the request does not say. */
        @WithDefault("16")
        int defaultMaxTokens();

        /** Longest prompt, in characters; longer prompts get 400 (token limits follow the model's context). */
        @WithDefault("8192")
        int maxPromptChars();

        /** Longest text {@code /v1/score} accepts, in characters. */
        @WithDefault("65536")
        int maxScoreChars();

        /** At most this many stop sequences per completion (OpenAI allows 4). */
        @WithDefault("4")
        int maxStopSequences();

        /** Inferences (completions and scores) that run at the same time. */
        @WithDefault("2")
        int maxConcurrent();

        /** Requests that may wait for a free slot; beyond that a request gets 503 at once. */
        @WithDefault("64")
        int maxQueued();

        /** How long a request waits for a free slot before it gets 503. */
        @WithDefault("2s")
        Duration queueTimeout();

        /** Value of the Retry-After header (seconds) on 503 answers. */
        @WithDefault("1")
        int retryAfterSeconds();

        /** ONNX Runtime intra-op threads per session; keep maxConcurrent x this near the core count. */
        @WithDefault("1")
        int intraOpThreads();

        /** Inferences run on a freshly loaded model before it may serve traffic. */
        @WithDefault("3")
        int warmupRuns();

        /**
         * Added to the process's nice value for the thread that downloads, loads and warms up new models
         * (capped at 19), so a swap uses the CPU that requests leave idle; 0 keeps normal priority. Linux only.
         * 19 by default: at 10 a swap still took enough CPU from saturated requests to raise their p99 by ~20 %.
         */
        @WithDefault("19")
        int loaderNice();

        /** Previously active versions per domain kept loaded for instant rollback and domain@version requests. */
        @WithDefault("2")
        int keepPrevious();

        /**
         * Routing ({@code model: "auto"}, {@code /v1/route}): an expert takes a text from the base model only when its
         * bits per byte is lower than the base model's times (1 - this). 0.02 is the gate's minimum domain gain, and
         * in bench/adapters 0.015-0.02 routed 99.1 % of held-out prompts right where 0 routed 92.0 % (experts trained
         * with replay stay close to the base on general text and win some of it by a hair).
         */
        @WithDefault("0.02")
        double routeBaseMargin();

        /** Largest artifact accepted for download, in bytes. */
        @WithDefault("536870912")
        long maxArtifactBytes();

        /** Timeout of one HTTP call to the trainer registry (manifest list, manifest, artifact). */
        @WithDefault("60s")
        Duration registryTimeout();

        /**
         * How often each replica reconciles with the registry and the persisted pins; events swap at
         * once, this catches what a replica missed (trainer down at startup, a pin set on another replica).
         */
        @WithDefault("30s")
        Duration reconcileInterval();

        /** Reconcile with the registry at startup (off only in tests that drive every swap themselves). */
        @WithName("reconcile-at-startup")
        @WithDefault("true")
        boolean reconcileAtStartup();
    }
}
