package io.specialist.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Configuration of trainer-service under {@code specialist.trainer.*}. */
@ConfigMapping(prefix = "specialist.trainer")
public interface TrainerConfig {

    /** Where training jobs run: {@code in-process} (worker pool in this JVM) or {@code kubernetes} (one batch/v1 Job each). */
    @WithDefault("in-process")
    String runner();

    /** Size of the in-process worker pool: how many jobs (of different domains) train at once. */
    @WithDefault("1")
    int workers();

    /** Folder of the filesystem model registry (a PVC in Kubernetes). */
    @WithDefault("${specialist.home:${user.home}/.specialist}/registry")
    String registryPath();

    /** A base model checkpoint to import as {@code general@1} when the registry is empty, instead of pretraining. */
    Optional<String> baseModelPath();

    /** Pretrain {@code general@1} in the background on first start when the registry has no base model. */
    @WithDefault("true")
    boolean pretrainOnStartup();

    /** How often the dispatcher looks for queued jobs (also done right after every trigger and completion). */
    @WithDefault("2s")
    Duration pollInterval();

    /** How often a runner refreshes the heartbeat of the jobs it runs. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A running in-process job whose heartbeat is older than this is considered orphaned by a dead runner. */
    @WithDefault("60s")
    Duration leaseTimeout();

    /** Attempts per job: an orphaned job is re-queued until it has run this many times, then failed. */
    @WithDefault("2")
    int maxAttempts();

    /** How often progress is written to the job row and logged while training. */
    @WithDefault("2s")
    Duration progressInterval();

    Training training();

    Adapter adapter();

    Pretrain pretrain();

    Gate gate();

    Sft sft();

    Data data();

    Kubernetes kubernetes();

    Preference preference();

    /** Preference (DPO) jobs on pairs built from expert feedback ({@code specialist.feedback}). */
    interface Preference {
        /**
         * New preference pairs of a domain (built from feedback received since its last preference job started)
         * that trigger a preference job. 50: about a fifth of the pairs are held out, so ~10 new held-out pairs,
         * the fewest on which one more pair ranked right (a 5 to 10 point accuracy step) is visible at all; DPO on
         * fewer pairs mostly memorises them.
         */
        @WithDefault("50")
        int minPairs();

        /** Optimiser steps of a preference job. */
        @WithDefault("100")
        int steps();

        /** Pairs per optimiser step (each pair is two sequences, chosen and rejected). */
        @WithDefault("8")
        int batchPairs();

        /**
         * Peak learning rate of preference jobs: half the fine-tuning rate, since DPO pushes log-probabilities
         * apart without a floor and a large step degrades general text first.
         */
        @WithDefault("5e-4")
        double learningRate();

        /** DPO temperature beta (0.1 as in the DPO paper): larger keeps the policy closer to the reference. */
        @WithDefault("0.1")
        double beta();

        /**
         * Strength of the job's regulariser (training.regularizer) in preference jobs. A tenth of the fine-tune's: DPO's
         * gradient lives on a few response tokens per pair and AdamW normalises every parameter's step, so L2-SP at 0.1
         * held a tiny model at its reference (held-out pair accuracy 0.50 -> 0.50 after 60 and 150 steps) where 0.01
         * learnt the preference (0.50 -> 1.00 in 150 steps); see bench/preference.
         */
        @WithDefault("0.01")
        double regularizerStrength();

        /** Weight of the replayed general-text language-model loss next to the DPO loss (rows: training.replay-fraction). */
        @WithDefault("1.0")
        double replayWeight();

        /**
         * Minimum absolute gain of held-out pair accuracy over the parent for the gate (0.05 = 5 points). With the
         * default 50 pairs (~10 held out) this asks for at least one more held-out pair ranked right; a smaller value
         * would accept changes that are within one pair of noise.
         */
        @WithDefault("0.05")
        double minAccuracyGain();

        /** Held-out pairs needed to judge a preference candidate at all. */
        @WithDefault("5")
        int minHeldoutPairs();

        /** Most recent pairs a job reads per split (older ones are dropped first). */
        @WithDefault("20000")
        int maxPairs();
    }

    /** Defaults of a fine-tuning job; {@code POST /v1/jobs} may override strategy and steps. */
    interface Training {
        /**
         * Optimiser steps per fine-tuning job. 100 steps of 8 x 128 tokens is about one pass over a few hundred
         * new documents; the forgetting table in bench/trainer shows 60 steps already clear the gate by far.
         */
        @WithDefault("100")
        int steps();

        /** Upper bound for {@code steps} in a job request. */
        @WithDefault("20000")
        int maxSteps();

        /** Sequences per optimiser step. */
        @WithDefault("8")
        int batchSize();

        /** Tokens per training sequence (at most the model's context length). */
        @WithDefault("128")
        int seqLen();

        /** Peak learning rate after the re-warm-up. */
        @WithDefault("1e-3")
        double learningRate();

        /** Final learning rate of the cosine re-decay as a fraction of the peak. */
        @WithDefault("0.1")
        double minLrFraction();

        /** Linear re-warm-up steps (a tenth of the default steps). */
        @WithDefault("10")
        int warmupSteps();

        /** AdamW decoupled weight decay (not applied when a regulariser pulls toward the parent). */
        @WithDefault("0.0")
        double weightDecay();

        /** Global gradient-norm clip. */
        @WithDefault("1.0")
        double gradClip();

        /** Share of each batch drawn from general text (replay against forgetting). */
        @WithDefault("0.25")
        double replayFraction();

        /** Forgetting protection: {@code l2sp}, {@code ewc} or {@code none}. */
        @WithDefault("l2sp")
        String regularizer();

        /** Strength of the regulariser (lambda; the EWC Fisher is normalised to mean 1, so one scale fits both). */
        @WithDefault("0.1")
        double regularizerStrength();

        /** Seed of batch sampling. */
        @WithDefault("17")
        long seed();

        /**
         * Share of a continued-pretraining job's rows built with retrieved neighbour passages ahead of the text (the
         * loss on the text only), so the model learns to read what serving's {@code retrieval} option puts in its
         * context; 0 = none. The passages are packed into half of {@code seq-len}: set seq-len to the model's context
         * length for the layout serving uses. SFT and preference jobs do not build these rows.
         */
        @WithDefault("0.0")
        double retrievalFraction();

        /**
         * Chance that a retrieval row's own passage is among its neighbours (a freshly ingested document is in the
         * serving index, so the model must learn to copy it); otherwise only other documents' passages (the model must
         * learn to ignore them). Also used by pretraining.
         */
        @WithDefault("0.5")
        double retrievalOwnProbability();

        /** Passages searched per retrieval row; match {@code specialist.serving.retrieval.default-k}. */
        @WithDefault("5")
        int retrievalK();

        /** Passage size of the training index; match {@code specialist.serving.retrieval.passage-chars}. */
        @WithDefault("400")
        int retrievalPassageChars();
    }

    /** Low-rank adapter fine-tuning (jobs with {@code method: adapter}). */
    interface Adapter {
        /**
         * Method of a job that does not name one, for domains not listed in {@code domain-methods}: {@code adapter} or
         * {@code full}. Adapter: with adapter jobs' own replay and learning rate they pass the gate on both bench
         * corpora with forgetting close to a full fine-tune's (bench/adapters).
         */
        @WithDefault("adapter")
        String defaultMethod();

        /** Per-domain method default, e.g. {@code specialist.trainer.adapter.domain-methods.legal=full}. */
        Map<String, String> domainMethods();

        /** Rank r of every adapter matrix (1 to dModel). */
        @WithDefault("8")
        int rank();

        /** Scale numerator: the update is (alpha / rank) * B * A. */
        @WithDefault("16")
        double alpha();

        /** Adapted matrices of each block: any of {@code qkv, attproj, fc, fcproj}. */
        @WithDefault("qkv,attproj,fc,fcproj")
        List<String> targets();

        /** Blocks that carry adapters (0-based); empty or unset means every block. */
        Optional<List<Integer>> layers();

        /**
         * Peak learning rate of adapter jobs (adapters start at zero and need a larger step than full fine-tunes; in
         * bench/adapters 1e-2 gained more and forgot less than 5e-3).
         */
        @WithDefault("1e-2")
        double learningRate();

        /**
         * Share of general text in each batch of adapter jobs (replaces training.replay-fraction): the frozen base
         * does not stop an adapter from forgetting, replay does most of it (bench/adapters).
         */
        @WithDefault("0.5")
        double replayFraction();

        /**
         * Lambda of the job's regulariser (training.regularizer) in adapter jobs, applied to the merged weights: for
         * L2-SP an L2 penalty on the adapter's delta s*B*A. 0 turns it off.
         */
        @WithDefault("0")
        double regularizerStrength();
    }

    /** The base model {@code general@1} pretrained on the bundled general corpus. */
    interface Pretrain {
        /** Tokenizer vocabulary size (256 bytes + end-of-document + merges). */
        @WithDefault("1024")
        int vocabSize();

        /**
         * Context length of the base model. 256 leaves half the window for retrieved passages (serving's budget) and
         * half for the prompt; a window costs about twice the time of 128 per training step.
         */
        @WithDefault("256")
        int contextLength();

        /** Residual width. */
        @WithDefault("128")
        int dModel();

        /** Transformer blocks. */
        @WithDefault("2")
        int layers();

        /** Attention heads. */
        @WithDefault("4")
        int heads();

        /** Pretraining optimiser steps. */
        @WithDefault("600")
        int steps();

        /** Sequences per step. */
        @WithDefault("8")
        int batchSize();

        /** Tokens per sequence (the context length: retrieval rows then have serving's layout). */
        @WithDefault("256")
        int seqLen();

        /**
         * Share of pretraining rows built with retrieved neighbour passages of the general corpus ahead of the text
         * (see training.retrieval-fraction); 0 = none. Off by default: at the default 600 steps they teach no copying,
         * and where they do (0.75 with retrieval-own-probability 0.8 and 6000 steps: -98.6 % bits/byte with the text's
         * own passage retrieved) the model scores short texts without any context much worse; see bench/retrieval.
         */
        @WithDefault("0.0")
        double retrievalFraction();

        /** Peak learning rate. */
        @WithDefault("3e-3")
        double learningRate();

        /** Warm-up steps. */
        @WithDefault("30")
        int warmupSteps();

        /** AdamW weight decay of pretraining. */
        @WithDefault("0.01")
        double weightDecay();

        /** Sequences of general text the stored EWC Fisher is estimated from. */
        @WithDefault("32")
        int fisherSequences();

        /** Seed of initialisation and sampling. */
        @WithDefault("1")
        long seed();
    }

    /** The two-sided acceptance gate. */
    interface Gate {
        /** Minimum relative improvement of domain held-out bits/byte over the model being replaced. */
        @WithDefault("0.02")
        double minDomainGain();

        /** Maximum relative worsening of general held-out bits/byte versus the base model. */
        @WithDefault("0.02")
        double maxGeneralRegression();

        /** Minimum number of domain held-out documents needed to judge a candidate. */
        @WithDefault("1")
        int minHeldoutDocs();

        /** General held-out documents (of the bundled corpus's 50) the general bits/byte is measured on. */
        @WithDefault("50")
        int generalEvalDocs();
    }

    /** What a job reads from ingest. */
    interface Data {
        /** Lines per NDJSON page requested from ingest. */
        @WithDefault("1000")
        int pageSize();

        /** Most recent training bytes kept per job (older documents are dropped first). */
        @WithDefault("50000000")
        long maxTrainBytes();

        /** Held-out bytes kept per job. */
        @WithDefault("5000000")
        long maxHeldoutBytes();

        /** Timeout of one HTTP request to ingest or the trainer API. */
        @WithDefault("60s")
        Duration httpTimeout();
    }

    /** The {@code kubernetes} runner: one batch/v1 Job per training job. */
    interface Kubernetes {
        /** Namespace of the Jobs; defaults to the client's namespace. */
        Optional<String> namespace();

        /** Container image of the Job: the trainer-service image, which holds the training entry point. */
        @WithDefault("specialist/trainer-service:latest")
        String image();

        /** Image pull policy of the Job's container. */
        @WithDefault("IfNotPresent")
        String imagePullPolicy();

        /**
         * Command that starts the training entry point inside the image; the job arguments are appended. The
         * images built with -Pimages (Quarkus Jib) keep the application in /home/jboss.
         */
        @WithDefault("java,--add-modules,jdk.incubator.vector,-XX:MaxRAMPercentage=75,-jar,/home/jboss/quarkus-run.jar")
        List<String> command();

        /** Secrets with registry credentials for pulling the Job's image (the chart passes its imagePullSecrets). */
        Optional<List<String>> imagePullSecrets();

        /** Non-root user id (and group) of the Job's pod; 185 is the user of the images' base. */
        @WithDefault("185")
        long runAsUser();

        /** Size limit of the Job's writable /tmp (an emptyDir: the root filesystem is read-only). */
        @WithDefault("1Gi")
        String tmpSizeLimit();

        /** Service account of the Job's pod. */
        Optional<String> serviceAccount();

        /** CPU request of the training container. */
        @WithDefault("1")
        String cpuRequest();

        /** CPU limit of the training container. */
        @WithDefault("2")
        String cpuLimit();

        /** Memory request of the training container. */
        @WithDefault("1Gi")
        String memoryRequest();

        /** Memory limit of the training container. */
        @WithDefault("2Gi")
        String memoryLimit();

        /** Seconds a finished Job is kept before Kubernetes deletes it. */
        @WithDefault("3600")
        int ttlSecondsAfterFinished();

        /** Training Jobs this replica keeps in the cluster at once. */
        @WithDefault("4")
        int maxConcurrentJobs();

        /** Pod retries before the Job counts as failed. */
        @WithDefault("1")
        int backoffLimit();

        /** Wall-clock limit of a Job in seconds. */
        @WithDefault("7200")
        long activeDeadlineSeconds();

        /** Deployment that owns the Jobs (garbage-collected with it); none when unset or not found. */
        Optional<String> ownerDeployment();

        /** Secret holding the admin token the Job uses to call the trainer API. */
        @WithDefault("specialist-admin")
        String adminTokenSecret();

        /** Key of the admin token inside that Secret. */
        @WithDefault("token")
        String adminTokenSecretKey();
    }

    /** Supervised fine-tuning (sft) jobs on a domain's instruction examples. */
    interface Sft {
        /**
         * New instruction examples of a domain (announced on {@code specialist.documents.ingested}) that trigger an
         * sft job; 0 turns the trigger off ({@code POST /v1/jobs} with {@code kind: sft} still works). 64: with
         * ingest's default 10% held-out split that is about 6 new held-out examples for the gate to judge on, and
         * about 58 to learn from, a few optimiser steps' worth of packed rows; fewer would mostly be memorised.
         */
        @WithDefault("64")
        int minExamples();
    }
}
