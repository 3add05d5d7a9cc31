-- Nodes: one row per running service instance; a stale heartbeat means the node is dead
-- and its RUNNING tasks may be re-queued by any live node.
CREATE TABLE nodes (
    id           VARCHAR(64)  NOT NULL,
    host         VARCHAR(255) NOT NULL,
    pid          BIGINT       NOT NULL,
    started_at   DATETIME(6)  NOT NULL,
    heartbeat_at DATETIME(6)  NOT NULL,
    stopped_at   DATETIME(6)  NULL,
    PRIMARY KEY (id),
    KEY nodes_heartbeat (heartbeat_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE jobs (
    id              BIGINT        NOT NULL AUTO_INCREMENT,
    name            VARCHAR(200)  NULL,
    owner           VARCHAR(100)  NOT NULL DEFAULT 'anonymous',
    task_type       VARCHAR(100)  NOT NULL,
    params          MEDIUMTEXT    NOT NULL,
    parallelism     INT           NOT NULL,
    chunk_size      INT           NOT NULL,
    task_timeout_ms BIGINT        NOT NULL,
    max_attempts    INT           NOT NULL,
    priority        INT           NOT NULL DEFAULT 0,
    total_tasks     INT           NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    status_reason   VARCHAR(2000) NULL,
    created_at      DATETIME(6)   NOT NULL,
    started_at      DATETIME(6)   NULL,
    finished_at     DATETIME(6)   NULL,
    version         BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    -- listing newest first, optionally by status; the dispatcher's scan of active jobs
    KEY jobs_status_id (status, id),
    KEY jobs_owner_id (owner, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE tasks (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    job_id           BIGINT       NOT NULL,
    idx              INT          NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    input            MEDIUMTEXT   NOT NULL,
    -- fencing epoch: +1 at every claim; result writes are conditional on it
    attempt          INT          NOT NULL DEFAULT 0,
    -- failed attempts charged to the task (errors, crashes, timeouts), bounded by max_attempts
    failures         INT          NOT NULL DEFAULT 0,
    node_id          VARCHAR(64)  NULL,
    worker_pid       BIGINT       NULL,
    db_connection_id BIGINT       NULL,
    claimed_at       DATETIME(6)  NULL,
    started_at       DATETIME(6)  NULL,
    finished_at      DATETIME(6)  NULL,
    duration_us      BIGINT       NULL,
    output           MEDIUMTEXT   NULL,
    error            TEXT         NULL,
    PRIMARY KEY (id),
    UNIQUE KEY tasks_job_idx (job_id, idx),
    -- the dispatcher's claim: WHERE job_id = ? AND status = 'QUEUED' ORDER BY idx ... SKIP LOCKED
    KEY tasks_claim (job_id, status, idx),
    -- recovery of a dead node's work
    KEY tasks_node_status (node_id, status),
    -- results in completion order
    KEY tasks_completion (job_id, finished_at, id),
    CONSTRAINT tasks_job_fk FOREIGN KEY (job_id) REFERENCES jobs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
