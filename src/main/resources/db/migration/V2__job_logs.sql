-- Shared job logs: the fence and sequence of each job's log file (<log-dir>/job-<id>.log).
-- Written only by a holder of the lock 'workpool:joblog:<id>', on the lock's own connection, with
-- every statement conditional on IS_USED_LOCK(lock) = CONNECTION_ID() (ADR 5).
CREATE TABLE job_logs (
    job_id     BIGINT      NOT NULL,
    -- sequence number the next entry gets; entries are numbered 1, 2, 3... in file order
    next_seq   BIGINT      NOT NULL,
    -- bytes of the file that are committed; anything beyond was written by a writer that died
    -- before committing (its complete lines are adopted, a torn last line is cut off)
    file_size  BIGINT      NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (job_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Who holds which named lock (GET_LOCK). Written by the holder on the lock's connection right
-- after GET_LOCK, deleted before RELEASE_LOCK. A row is believed only while
-- IS_USED_LOCK(lock_name) = connection_id; rows of holders that died are deleted by readers.
CREATE TABLE lock_holders (
    lock_name      VARCHAR(64)   NOT NULL,
    requested_name VARCHAR(1000) NULL,
    connection_id  BIGINT        NOT NULL,
    pid            BIGINT        NULL,
    node           VARCHAR(255)  NULL,
    job_id         BIGINT        NULL,
    since          DATETIME(6)   NOT NULL,
    PRIMARY KEY (lock_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
