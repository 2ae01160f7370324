-- Completions kept so experts can rate them by id (POST /v1/feedback); purged after the retention period.
-- Portable SQL for H2 and PostgreSQL.
CREATE TABLE completion_log (
    id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    model_version VARCHAR(80)              NOT NULL,
    prompt        VARCHAR                  NOT NULL,
    completion    VARCHAR                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX completion_log_created ON completion_log (created_at);
