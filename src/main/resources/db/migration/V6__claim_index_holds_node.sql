-- A node's claims are found through the claim index of the jobs still in progress, with node_id as
-- that index's last column: a task is RUNNING only while its job is QUEUED, RUNNING or CANCELLING
-- (a job ends only when none of its tasks runs, under its row's lock, and every claim takes that
-- lock and needs a QUEUED or RUNNING job). The claim index entry is rewritten by every claim and
-- every result anyway (status is in it); the separate (node_id, status) index was rewritten by
-- both besides, for the rare recovery of a dead node (BENCHMARKS.md, finding 14).
ALTER TABLE tasks
    DROP KEY tasks_claim,
    ADD KEY tasks_claim (job_id, status, idx, not_before, claim_id, node_id),
    DROP KEY tasks_node_status;
