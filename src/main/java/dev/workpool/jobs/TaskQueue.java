package dev.workpool.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The task queue in the {@code tasks} table: claims with
 * {@code SELECT … FOR UPDATE SKIP LOCKED} in batches, and settles claims the worker could
 * not settle itself (crash, timeout, cancel, shutdown). Every write about a claim is
 * conditional on its fencing epoch ({@code attempt}) and on the task still being RUNNING,
 * so a stale claim can never overwrite a newer one or a result.
 */
public class TaskQueue {

	// FORCE INDEX: for ORDER BY idx the optimizer prefers (job_id, idx) and then reads
	// past every finished task; (job_id, status, idx, not_before) finds the next queued
	// ones directly (1.5 s vs 21 ms at 400k finished tasks, see BENCHMARKS.md) and checks
	// a retried task's backoff (not_before) in the index, without reading its row.
	// not_before is compared with the database's clock, like every lease.
	private static final String SELECT_CLAIMABLE = """
			SELECT id, idx, attempt, failures, input
			FROM tasks FORCE INDEX (tasks_claim)
			WHERE job_id = :jobId AND status = 'QUEUED'
			  AND (not_before IS NULL OR not_before <= UTC_TIMESTAMP(6))
			ORDER BY idx
			LIMIT :limit
			FOR UPDATE SKIP LOCKED
			""";

	private static final String MARK_CLAIMED = """
			UPDATE tasks
			SET status = 'RUNNING', attempt = attempt + 1, node_id = :nodeId, claim_id = :claimId,
			    claimed_at = UTC_TIMESTAMP(6)
			WHERE id IN (:ids)
			""";

	// Serializes the claims of one job across all nodes (and orders locks: job row first,
	// then task rows, as every other writer that takes both does).
	private static final String LOCK_JOB = """
			SELECT status, parallelism FROM jobs WHERE id = ? FOR UPDATE
			""";

	// A consistent read made after the job row's lock was granted: its snapshot holds
	// every claim committed before (claims are serialized by that lock; everything else
	// only lowers the count). Index only: claim_id is the last column of tasks_claim.
	private static final String RUNNING_CLAIMS = """
			SELECT COUNT(DISTINCT claim_id) FROM tasks FORCE INDEX (tasks_claim)
			WHERE job_id = ? AND status = 'RUNNING'
			""";

	// Whether a claim still has a RUNNING task (a consistent read after the job row's
	// lock, like RUNNING_CLAIMS; in the claim index).
	private static final String CLAIM_RUNNING = """
			SELECT 1 FROM tasks FORCE INDEX (tasks_claim)
			WHERE job_id = ? AND status = 'RUNNING' AND claim_id = ?
			LIMIT 1
			""";

	private static final String REQUEUE = """
			UPDATE tasks SET status = 'QUEUED', node_id = NULL
			WHERE id = ? AND attempt = ? AND status = 'RUNNING'
			""";

	private static final String CANCEL = """
			UPDATE tasks SET status = 'CANCELLED', error = 'cancelled', finished_at = UTC_TIMESTAMP(6)
			WHERE id = ? AND attempt = ? AND status = 'RUNNING'
			""";

	// Every IF sees the old failures value: failures is assigned last (MySQL assigns left
	// to right; MariaDB's SIMULTANEOUS_ASSIGNMENT agrees). A re-queued task is not
	// claimed
	// before not_before, its backoff, computed with the database's clock.
	private static final String FAIL_ATTEMPT = """
			UPDATE tasks
			SET status = IF(:retry AND failures + 1 < :maxAttempts, 'QUEUED', 'FAILED'),
			    finished_at = IF(:retry AND failures + 1 < :maxAttempts, NULL, UTC_TIMESTAMP(6)),
			    node_id = IF(:retry AND failures + 1 < :maxAttempts, NULL, node_id),
			    not_before = IF(:retry AND failures + 1 < :maxAttempts,
			                    UTC_TIMESTAMP(6) + INTERVAL :delayMicros MICROSECOND, not_before),
			    error = :error,
			    worker_pid = :workerPid,
			    failures = failures + 1
			WHERE id = :taskId AND attempt = :attempt AND status = 'RUNNING'
			""";

	private static final String STATUS_OF = "SELECT status FROM tasks WHERE id = ?";

	// A task is RUNNING only while its job is in progress (JobLifecycle ends a job only
	// when none of its tasks runs): a node's claims are in the claim index of those jobs,
	// node_id its last column (V6), without an index of their own that every claim and
	// result would rewrite.
	private static final String RUNNING_ON_NODE = """
			SELECT t.id, t.attempt, j.status AS job_status
			FROM jobs j FORCE INDEX (jobs_status_id)
			JOIN tasks t FORCE INDEX (tasks_claim) ON t.job_id = j.id AND t.status = 'RUNNING'
			WHERE j.status IN (%s) AND t.node_id = ?
			""".formatted(JobStatus.IN_PROGRESS_SQL);

	private static final String JOBS_IN_PROGRESS = """
			SELECT id FROM jobs WHERE status IN (%s)
			""".formatted(JobStatus.IN_PROGRESS_SQL);

	// A job that started after JOBS_IN_PROGRESS was read has no claim of this node (the
	// node is dead, or is itself releasing before it dispatches); one that ended has none
	// RUNNING.
	private static final String RELEASE_NODE = """
			UPDATE tasks FORCE INDEX (tasks_claim) SET status = 'QUEUED', node_id = NULL
			WHERE job_id IN (:jobIds) AND status = 'RUNNING' AND node_id = :nodeId
			""";

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	public TaskQueue(JdbcTemplate jdbcTemplate, TransactionTemplate tx) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = JdbcClient.create(jdbcTemplate);
		this.tx = tx;
	}

	/**
	 * Claims up to {@code maxChunks} chunks for this node, each of up to
	 * {@code chunkSize} QUEUED tasks of a job, lowest index first, in one transaction —
	 * but never more chunks than the job's {@code parallelism} leaves free on all nodes
	 * together, and none when the job is not QUEUED or RUNNING. Each chunk is a claim of
	 * its own (its own claim id). The job row's lock serializes the claims of one job;
	 * task rows locked by anybody else are skipped, never waited for.
	 */
	public Claim claim(long jobId, String nodeId, int chunkSize, int maxChunks) {
		Claim claim = this.tx.execute((status) -> {
			Optional<JobRow> job = lockJob(jobId);
			if (job.isEmpty() || !job.get().claimable()) {
				return Claim.FULL;
			}
			long running = this.jdbc.sql(RUNNING_CLAIMS).param(jobId).query(Long.class).single();
			long chunks = Math.min(maxChunks, job.get().parallelism() - running);
			if (chunks <= 0) {
				return Claim.FULL;
			}
			List<ClaimedTask> rows = claimable(jobId, chunks * chunkSize);
			if (rows.isEmpty()) {
				return Claim.NONE;
			}
			List<List<ClaimedTask>> claimed = new ArrayList<>();
			List<Long> claimIds = new ArrayList<>();
			for (int from = 0; from < rows.size(); from += chunkSize) {
				List<ClaimedTask> chunk = rows.subList(from, Math.min(from + chunkSize, rows.size()));
				long claimId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
				markClaimed(chunk, nodeId, claimId);
				claimed.add(List.copyOf(chunk));
				claimIds.add(claimId);
			}
			return new Claim(claimed, claimIds, false);
		});
		return (claim != null) ? claim : Claim.NONE;
	}

	/**
	 * Claims up to {@code chunkSize} more QUEUED tasks of the job under an existing claim
	 * of this node: the next chunk of the same worker lane, queued there behind the one
	 * it runs, so the lane never waits for a claim between chunks. A lane runs its chunks
	 * one after the other, so its tasks still count as one of the job's
	 * {@code parallelism} ({@code COUNT(DISTINCT claim_id)}) — which holds only while the
	 * claim is still running: when none of its tasks is RUNNING any more (the lane
	 * finished first), or the job is not QUEUED or RUNNING, nothing is claimed.
	 * @return one chunk, lowest index first; or empty: {@code atParallelism} when the
	 * claim or the job no longer allows it, else the job has no claimable task now
	 */
	public Claim extend(long jobId, String nodeId, long claimId, int chunkSize) {
		Claim claim = this.tx.execute((status) -> {
			Optional<JobRow> job = lockJob(jobId);
			if (job.isEmpty() || !job.get().claimable() || !isRunning(jobId, claimId)) {
				return Claim.FULL;
			}
			List<ClaimedTask> rows = claimable(jobId, chunkSize);
			if (rows.isEmpty()) {
				return Claim.NONE;
			}
			markClaimed(rows, nodeId, claimId);
			return new Claim(List.of(rows), List.of(claimId), false);
		});
		return (claim != null) ? claim : Claim.FULL;
	}

	/** Locks the job's row (serializing its claims on all nodes) and reads it. */
	private Optional<JobRow> lockJob(long jobId) {
		return this.jdbc.sql(LOCK_JOB)
			.param(jobId)
			.query((rs, n) -> new JobRow(rs.getString("status"), rs.getInt("parallelism")))
			.optional();
	}

	private boolean isRunning(long jobId, long claimId) {
		return this.jdbc.sql(CLAIM_RUNNING).param(jobId).param(claimId).query(Long.class).optional().isPresent();
	}

	private List<ClaimedTask> claimable(long jobId, long limit) {
		return this.jdbc.sql(SELECT_CLAIMABLE)
			.param("jobId", jobId)
			.param("limit", limit)
			.query((rs, n) -> new ClaimedTask(rs.getLong("id"), jobId, rs.getInt("idx"), rs.getInt("attempt") + 1,
					rs.getInt("failures"), rs.getString("input")))
			.list();
	}

	private void markClaimed(List<ClaimedTask> tasks, String nodeId, long claimId) {
		this.jdbc.sql(MARK_CLAIMED)
			.param("nodeId", nodeId)
			.param("claimId", claimId)
			.param("ids", tasks.stream().map(ClaimedTask::taskId).toList())
			.update();
	}

	/**
	 * Puts claims back in the queue without charging an attempt (never started, or
	 * shutdown).
	 */
	public void requeue(List<TaskRef> refs) {
		batch(REQUEUE, refs);
	}

	/** Ends claims as CANCELLED (their job was cancelled). */
	public void cancel(List<TaskRef> refs) {
		batch(CANCEL, refs);
	}

	/**
	 * Charges a failed attempt (crash, timeout) to a claim: re-queued, not to be claimed
	 * before {@code delayMicros} have passed, while {@code cause} is retried and attempts
	 * remain; else FAILED with {@code error}.
	 * @return the task's status afterwards, or empty when the claim was stale
	 */
	public Optional<TaskStatus> failAttempt(TaskRef ref, int maxAttempts, boolean retry, long delayMicros, String error,
			long workerPid) {
		int updated = this.jdbc.sql(FAIL_ATTEMPT)
			.param("retry", retry)
			.param("maxAttempts", maxAttempts)
			.param("delayMicros", Math.max(0, delayMicros))
			.param("error", truncate(error))
			.param("workerPid", workerPid)
			.param("taskId", ref.taskId())
			.param("attempt", ref.attempt())
			.update();
		if (updated == 0) {
			return Optional.empty();
		}
		return this.jdbc.sql(STATUS_OF).param(ref.taskId()).query(String.class).optional().map(TaskStatus::valueOf);
	}

	/**
	 * Settles this node's claims that the database holds as RUNNING but none of its
	 * workers holds (a settlement that could not be written, a claim whose commit was not
	 * acknowledged): re-queued free of charge, or CANCELLED when their job is being
	 * cancelled. Conditional on each claim's attempt, like every settlement.
	 * @param held the claims this node's workers hold
	 * @return how many claims were settled
	 */
	public int releaseOrphans(String nodeId, Set<TaskRef> held) {
		List<TaskRef> requeue = new ArrayList<>();
		List<TaskRef> cancel = new ArrayList<>();
		this.jdbc.sql(RUNNING_ON_NODE).param(nodeId).query((rs) -> {
			TaskRef ref = new TaskRef(rs.getLong("id"), rs.getInt("attempt"));
			if (!held.contains(ref)) {
				String job = rs.getString("job_status");
				("QUEUED".equals(job) || "RUNNING".equals(job) ? requeue : cancel).add(ref);
			}
		});
		requeue(requeue);
		cancel(cancel);
		return requeue.size() + cancel.size();
	}

	/** Re-queues every task a node still holds as RUNNING (the node stopped or died). */
	public int releaseNode(String nodeId) {
		List<Long> jobIds = this.jdbc.sql(JOBS_IN_PROGRESS).query(Long.class).list();
		if (jobIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql(RELEASE_NODE).param("jobIds", jobIds).param("nodeId", nodeId).update();
	}

	private void batch(String sql, List<TaskRef> refs) {
		if (refs.isEmpty()) {
			return;
		}
		List<Object[]> args = new ArrayList<>(refs.size());
		for (TaskRef ref : refs) {
			args.add(new Object[] { ref.taskId(), ref.attempt() });
		}
		this.tx.executeWithoutResult((status) -> this.jdbcTemplate.batchUpdate(sql, args));
	}

	private static String truncate(String error) {
		return (error != null && error.length() > 8000) ? error.substring(0, 8000) : error;
	}

	private record JobRow(String status, int parallelism) {

		boolean claimable() {
			return "QUEUED".equals(this.status) || "RUNNING".equals(this.status);
		}

	}

}
