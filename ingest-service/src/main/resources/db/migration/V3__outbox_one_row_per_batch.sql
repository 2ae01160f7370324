-- The outbox keeps one row per stored batch instead of one row per document: a batch of 1,000 documents
-- wrote 1,000 outbox rows, and the relay then locked, loaded and deleted them one by one (row inserts,
-- index entries and deletes that cost about as much as storing the documents). A row now holds the
-- batch's events, one per line: "<ce_id> <record key> <event JSON>" (compact JSON has no raw line breaks,
-- ce_id and key contain no spaces; an empty key means none).
CREATE SEQUENCE outbox_batch_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE outbox_batch (
    id          BIGINT        NOT NULL,
    event_type  VARCHAR(128)  NOT NULL,
    -- Lines (events) in payload, so a relay round can budget its events without parsing.
    events      INTEGER       NOT NULL,
    payload     VARCHAR       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_outbox_batch PRIMARY KEY (id)
);

-- Events still pending from before this migration move over as one-event rows with the same ce_id, so
-- they are published once. Negative ids never collide with the sequence's.
INSERT INTO outbox_batch (id, event_type, events, payload, created_at)
    SELECT -id, event_type, 1, event_id || ' ' || COALESCE(record_key, '') || ' ' || payload, created_at FROM outbox_event;

DROP TABLE outbox_event;
DROP SEQUENCE outbox_event_seq;
