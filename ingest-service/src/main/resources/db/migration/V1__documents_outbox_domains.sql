-- Portable SQL: the same migration runs on H2 (embedded default) and PostgreSQL (production).
-- VARCHAR without a length is unbounded on PostgreSQL and up to 1e9 characters on H2 2.x.

-- Allocation of 100 ids per round trip; Hibernate's pooled-lo optimizer hands them out in memory.
CREATE SEQUENCE document_seq START WITH 1 INCREMENT BY 100;

CREATE TABLE document (
    seq          BIGINT        NOT NULL,
    id           VARCHAR(128)  NOT NULL,
    domain       VARCHAR(63)   NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    title        VARCHAR(1000),
    source       VARCHAR(2000),
    text         VARCHAR       NOT NULL,
    prompt       VARCHAR,
    response     VARCHAR,
    sha256       VARCHAR(64)   NOT NULL,
    bytes        BIGINT        NOT NULL,
    split        VARCHAR(8)    NOT NULL,
    ingested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_document PRIMARY KEY (seq),
    CONSTRAINT uq_document_id UNIQUE (id),
    -- Content dedup per domain; also the safety net when two replicas race on the same content.
    CONSTRAINT uq_document_domain_sha256 UNIQUE (domain, sha256)
);

-- Cursor paging of one domain, with and without a split filter.
CREATE INDEX ix_document_domain_seq ON document (domain, seq);
CREATE INDEX ix_document_domain_split_seq ON document (domain, split, seq);

CREATE SEQUENCE outbox_event_seq START WITH 1 INCREMENT BY 100;

-- Events written in the same transaction as the documents they announce; the relay deletes a row once
-- the broker acknowledged its event.
CREATE TABLE outbox_event (
    id           BIGINT        NOT NULL,
    event_id     VARCHAR(64)   NOT NULL,
    event_type   VARCHAR(128)  NOT NULL,
    aggregate_id VARCHAR(128)  NOT NULL,
    record_key   VARCHAR(255),
    payload      VARCHAR       NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_outbox_event PRIMARY KEY (id)
);

-- One row per domain, updated in the document transaction. Its row lock also serialises writers of a
-- domain so that a domain's seq order is its commit order (cursor paging never skips a late commit).
CREATE TABLE domain_stats (
    domain            VARCHAR(63) NOT NULL,
    documents         BIGINT      NOT NULL,
    instructions      BIGINT      NOT NULL,
    bytes             BIGINT      NOT NULL,
    train             BIGINT      NOT NULL,
    heldout           BIGINT      NOT NULL,
    duplicates        BIGINT      NOT NULL,
    first_ingested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_ingested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_domain_stats PRIMARY KEY (domain)
);
