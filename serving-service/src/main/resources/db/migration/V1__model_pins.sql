-- Versions an administrator pinned (activate / rollback); portable SQL for H2 and PostgreSQL.
CREATE TABLE model_pin (
    domain    VARCHAR(64)              NOT NULL PRIMARY KEY,
    version   VARCHAR(80)              NOT NULL,
    reason    VARCHAR(16)              NOT NULL,
    pinned_at TIMESTAMP WITH TIME ZONE NOT NULL
);
