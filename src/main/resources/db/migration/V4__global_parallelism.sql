-- Global parallelism (ADR 8): every claim (one chunk for one worker) stamps its tasks with one
-- claim id. A job's chunks running on all nodes together are COUNT(DISTINCT claim_id) of its
-- RUNNING tasks, counted by the claim under the job row's lock, inside the claim index (claim_id is
-- its last column: a claim rewrites the index entry anyway, as it changes status).
ALTER TABLE tasks
    ADD COLUMN claim_id BIGINT NULL AFTER node_id,
    DROP KEY tasks_claim,
    ADD KEY tasks_claim (job_id, status, idx, not_before, claim_id);
