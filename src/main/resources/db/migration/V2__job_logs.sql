-- Both tables are MEMORY tables: they hold no data that cannot be rebuilt, and writing them must
-- not cost a redo-log flush per job-log append (≈ 3 ms each on a small disk). See ADR 5.
-- Room for a few million rows; the engine takes memory only as rows come.
SET SESSION max_heap_table_size = 268435456;

-- Shared job logs: the fence and sequence of each job's log file (<log-dir>/job-<id>.log).
-- Written only by a holder of the lock 'workpool:joblog:<id>', on the lock's own connection, with
-- every statement conditional on IS_USED_LOCK(lock) = CONNECTION_ID(). The file is the truth: a
-- row lost with a server restart is rebuilt by the next writer from the file (it adopts every
-- complete line).
CREATE TABLE job_logs (
    job_id     BIGINT      NOT NULL,
    -- sequence number the next entry gets; entries are numbered 1, 2, 3... in file order
    next_seq   BIGINT      NOT NULL,
    -- bytes of the file that are committed; anything beyond was written by a writer that died
    -- before committing (its complete lines are adopted, a torn last line is cut off)
    file_size  BIGINT      NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (job_id)
) ENGINE = MEMORY DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Who holds which named lock (GET_LOCK). Written by the holder on the lock's connection right
-- after GET_LOCK, deleted before RELEASE_LOCK. A row is believed only while
-- IS_USED_LOCK(lock_name) = connection_id; rows of holders that died are deleted by readers.
-- Locks die with the server, and so do these rows.
CREATE TABLE lock_holders (
    lock_name      VARCHAR(64)  NOT NULL,
    requested_name VARCHAR(255) NULL,
    connection_id  BIGINT       NOT NULL,
    pid            BIGINT       NULL,
    node           VARCHAR(128) NULL,
    job_id         BIGINT       NULL,
    since          DATETIME(6)  NOT NULL,
    PRIMARY KEY (lock_name)
) ENGINE = MEMORY DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
