package io.specialist.drift.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Drift detection knobs ({@code specialist.drift.*}); the README configuration table lists the same keys. */
@ConfigMapping(prefix = "specialist.drift")
public interface DriftConfig {

    /** Domain of the base model that scores domains without a model of their own. */
    @WithDefault("general")
    String baseDomain();

    /** Training documents a domain without its own model needs before it counts as drifted. */
    @WithDefault("50")
    int minDocuments();

    /** Wait after a detection before the domain can fire again. */
    @WithDefault("PT10M")
    Duration cooldown();

    /** Documents scored after a detection before the domain can fire again (both this and the cooldown). */
    @WithDefault("100")
    int cooldownDocuments();

    /** Most recent documents kept per domain: the window shown by the API and sent with a detection. */
    @WithDefault("100")
    int windowSize();

    Detector detector();

    Calibration calibration();

    Reference reference();

    Scoring scoring();

    Fetch fetch();

    Models models();

    /** The sequential test: one-sided CUSUM on standardised bits per byte. */
    interface Detector {
        /** CUSUM allowance k in reference standard deviations (half the smallest shift to detect fast). */
        @WithDefault("0.5")
        double allowance();

        /** Standardised scores are clipped to +-this, so one freak document cannot fire the detector. */
        @WithDefault("4.0")
        double zClip();

        /** Target average run length: in-distribution documents per false alarm. */
        @WithDefault("10000")
        double targetArl();
    }

    /** Monte-Carlo calibration of the CUSUM threshold against the reference distribution. */
    interface Calibration {
        /** Simulated in-distribution documents per candidate threshold (more = tighter estimate, slower). */
        @WithDefault("4000000")
        int simulatedDocuments();

        /** The threshold is calibrated for targetArl x this, to leave room for a finite reference sample. */
        @WithDefault("2.0")
        double safetyFactor();

        /** Seed of the simulation, so a reference always gets the same threshold. */
        @WithDefault("20261125")
        long seed();
    }

    /** Where the in-distribution score distribution of a new model comes from. */
    interface Reference {
        /** Held-out documents of the domain scored locally (from ingest) at most. */
        @WithDefault("400")
        int maxDocuments();

        /** Held-out documents needed to use them; fewer falls back to the metrics in ModelPublished. */
        @WithDefault("30")
        int minDocuments();
    }

    /** ONNX Runtime scoring. */
    interface Scoring {
        /** Documents per ONNX Runtime batch. */
        @WithDefault("16")
        int batchSize();

        /** ONNX Runtime intra-op threads per model. */
        @WithDefault("2")
        int threads();

        /** Leading UTF-8 bytes of a document that are scored (bounds the cost of huge documents). */
        @WithDefault("8192")
        int maxBytes();

        /** Fetched batches waiting for the scorer; a full queue holds back the Kafka consumer. */
        @WithDefault("4")
        int queueCapacity();
    }

    /** Document text fetched from ingest. */
    interface Fetch {
        /** Lines per page of the ingest list endpoint. */
        @WithDefault("500")
        int pageSize();

        /** Pages read per fetch at most before falling back to one request per document. */
        @WithDefault("4")
        int maxPages();

        /** Documents read ahead of the current batch that are kept for the next batches. */
        @WithDefault("2000")
        int cacheDocuments();

        /** HTTP timeout for ingest and trainer requests. */
        @WithDefault("PT30S")
        Duration timeout();
    }

    /** Loading served models from the trainer. */
    interface Models {
        /** Retry interval while the trainer's registry cannot be read at startup. */
        @WithDefault("PT5S")
        Duration retryInterval();

        /**
         * How long scoring waits at startup for the registry's models before it goes on without them (a
         * backlog scored before the domain's own model is loaded would not count for its detector).
         */
        @WithDefault("PT60S")
        Duration startupWait();

        /** Whether to read the registry at startup (tests that publish models themselves turn it off). */
        @WithDefault("true")
        boolean loadOnStart();
    }
}
