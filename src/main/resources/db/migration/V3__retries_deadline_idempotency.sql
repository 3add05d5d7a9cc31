-- Retries with backoff, job deadlines and idempotent submits (ADR 6).

ALTER TABLE jobs
    -- wait before a failed task's next attempt: initial * multiplier^(failures - 1), at most max,
    -- jittered by +-20 %; existing jobs get the defaults
    ADD COLUMN backoff_initial_us BIGINT      NOT NULL DEFAULT 1000000 AFTER max_attempts,
    ADD COLUMN backoff_multiplier DOUBLE      NOT NULL DEFAULT 2.0 AFTER backoff_initial_us,
    ADD COLUMN backoff_max_us     BIGINT      NOT NULL DEFAULT 300000000 AFTER backoff_multiplier,
    -- failure causes that are retried; any other cause fails the task at once
    ADD COLUMN retry_on           SET('crash', 'timeout', 'error') NOT NULL DEFAULT 'crash,timeout,error'
        AFTER backoff_max_us,
    -- the deadline as submitted, and created_at + deadline by the database's clock: any node
    -- stops the job once deadline_at <= UTC_TIMESTAMP(6)
    ADD COLUMN deadline_us        BIGINT      NULL,
    ADD COLUMN deadline_at        DATETIME(6) NULL,
    -- Idempotency-Key of the submit that created the job, and the SHA-256 (hex) of its
    -- canonical request; kept as long as the job exists
    ADD COLUMN idempotency_key    VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN request_sha256     CHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NULL,
    -- one job per owner and key, across all replicas (NULL keys never collide)
    ADD UNIQUE KEY jobs_owner_idempotency_key (owner, idempotency_key);

ALTER TABLE tasks
    -- a re-queued task is not claimed before this (its backoff); NULL = at once
    ADD COLUMN not_before DATETIME(6) NULL AFTER failures,
    -- the claim (WHERE job_id = ? AND status = 'QUEUED' AND not_before <= now ORDER BY idx) checks
    -- not_before inside the index, without reading rows of tasks still backing off
    DROP KEY tasks_claim,
    ADD KEY tasks_claim (job_id, status, idx, not_before);
