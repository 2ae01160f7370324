package io.specialist.trainer.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * What a job does: continue pretraining a domain's model on its documents, supervised fine-tuning on its
 * instruction examples (loss on responses only), align it with expert preferences (DPO on pairs built from
 * feedback), or pretrain the base model from scratch.
 */
public enum JobKind {
    /** Wire name {@code continued-pretraining}; {@code fine-tune}, its name before job kinds, is still read. */
    FINE_TUNE("continued-pretraining", "fine-tune"),
    PRETRAIN("pretrain"),
    SFT("sft"),
    PREFERENCE("preference");

    /** Kinds {@code POST /v1/jobs} accepts (the base model's pretraining is started by the service itself). */
    public static final List<JobKind> REQUESTABLE = List.of(FINE_TUNE, SFT, PREFERENCE);

    private final String wire;
    private final String[] aliases;

    JobKind(String wire, String... aliases) {
        this.wire = wire;
        this.aliases = aliases;
    }

    /**
     * The key that allows one queued job per key ({@code training_job.queued_domain}): the domain for fine-tunes
     * and pretraining, as before kinds existed, and {@code domain/kind} for the others.
     */
    public String queueKey(String domain) {
        return this == FINE_TUNE || this == PRETRAIN ? domain : domain + "/" + wire();
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static JobKind fromWire(String value) {
        for (JobKind kind : values()) {
            if (kind.wire.equals(value) || Arrays.asList(kind.aliases).contains(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("job kind must be one of " + Arrays.stream(values()).map(JobKind::wire).toList()
                + ", got '" + value + "'");
    }

    /** The kind a job request names: null means continued pretraining; pretraining cannot be requested. */
    public static JobKind fromRequest(String value) {
        if (value == null) {
            return FINE_TUNE;
        }
        for (JobKind kind : REQUESTABLE) {
            if (kind.wire.equals(value) || Arrays.asList(kind.aliases).contains(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind '" + value + "' is not one of "
                + REQUESTABLE.stream().map(JobKind::wire).toList());
    }
}
