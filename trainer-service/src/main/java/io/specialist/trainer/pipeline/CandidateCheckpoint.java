package io.specialist.trainer.pipeline;

import io.specialist.model.LoraAdapter;
import io.specialist.model.TransformerModel;
import io.specialist.model.checkpoint.AdapterCheckpoint;
import io.specialist.model.checkpoint.BaseFingerprint;
import io.specialist.model.checkpoint.Checkpoint;
import io.specialist.model.eval.Evaluator;
import io.specialist.model.tokenizer.BpeTokenizer;
import io.specialist.model.train.BaseModelPretrainer;
import io.specialist.model.train.FisherEstimator;
import io.specialist.model.train.Trainer;
import io.specialist.model.train.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bytes of an accepted candidate, as the registry stores them, for every kind of domain job. */
final class CandidateCheckpoint {

    private CandidateCheckpoint() {
    }

    /**
     * A full model gets a fresh EWC Fisher on {@code replay}; an adapter ({@code adapter} not null) is kept alone,
     * tied to the weights of {@code frozenBase} under {@code frozenVersion} (the base, or a full fine-tune of the domain). {@code extra} metadata is added to the common keys.
     */
    static byte[] of(JobSpec job, TransformerModel model, BpeTokenizer tokenizer, LoraAdapter adapter,
            TransformerModel frozenBase, String frozenVersion, TrainingConfig config, List<String> replay, Evaluator.Score domainAfter,
            Evaluator.Score generalAfter, int generalDocs, Map<String, String> extra, ThrottledProgress listener) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("domain", job.domain());
        meta.put("parent", job.parentVersion());
        meta.put("base", job.baseVersion());
        meta.put("jobId", job.jobId());
        meta.put("domainBitsPerByte", TrainingPipeline.format(domainAfter.bitsPerByte()));
        meta.put("generalBitsPerByte", TrainingPipeline.format(generalAfter.bitsPerByte()));
        meta.put(BaseModelPretrainer.GENERAL_SCORE_KEY, generalAfter.encode());
        meta.put(BaseModelPretrainer.GENERAL_DOCUMENTS_KEY, Integer.toString(generalDocs));
        meta.putAll(extra);
        if (adapter != null) {
            // Only the adapter is kept, tied to the base weights it needs.
            return AdapterCheckpoint.of(adapter, BaseFingerprint.of(frozenVersion, frozenBase), meta).toBytes();
        }
        listener.phase("estimating-fisher");
        float[] fisher = FisherEstimator.estimate(model, tokenizer, replay, config.seqLen(),
                Trainer.DEFAULT_FISHER_SEQUENCES, config.seed());
        return Checkpoint.of(model, tokenizer, null, fisher, meta).toBytes();
    }
}
