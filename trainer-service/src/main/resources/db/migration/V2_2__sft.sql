-- Supervised fine-tuning (sft) jobs and their trigger. Portable SQL (H2 and PostgreSQL). Numbered 2.2 so that it
-- sorts after any other version 2 migration of the same release.

-- Kind wire names grew: "continued-pretraining" (rows written before kinds say "fine-tune" and are read as it).
ALTER TABLE training_job ALTER COLUMN kind SET DATA TYPE VARCHAR(32);
-- One queued job per domain and kind: queued_domain holds "domain/sft" for sft jobs (the same statement may
-- also come from another version 2 migration; running it twice changes nothing).
ALTER TABLE training_job ALTER COLUMN queued_domain SET DATA TYPE VARCHAR(100);

-- Instruction examples announced on specialist.documents.ingested, once each: a redelivered event finds its
-- document id here and is not counted again.
CREATE TABLE sft_example_seen (
    document_id  VARCHAR(100) NOT NULL PRIMARY KEY,
    domain       VARCHAR(64)  NOT NULL,
    seen_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- Per domain: instruction examples announced since the last sft trigger, and in total.
CREATE TABLE sft_domain_counter (
    domain         VARCHAR(64) NOT NULL PRIMARY KEY,
    new_examples   BIGINT      NOT NULL,
    total_examples BIGINT      NOT NULL,
    last_trigger_at TIMESTAMP(6) WITH TIME ZONE,
    row_version    BIGINT      NOT NULL
);
