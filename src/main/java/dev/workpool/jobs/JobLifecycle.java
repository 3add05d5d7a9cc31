package dev.workpool.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.dao.PessimisticLockingFailureException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduler's view of job state: which jobs have work, and the status changes that
 * follow from their tasks (start, finish, cancel completed). Each change is checked with
 * {@link JobStatus#canMoveTo(JobStatus)} and written conditionally on the row's version.
 */
public class JobLifecycle {

	/** Status reasons of jobs stopped at their deadline start with this. */
	public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";

	// past_deadline by the database's clock, so every replica agrees on it
	private static final String ACTIVE_JOBS = """
			SELECT id, task_type, params, parallelism, chunk_size, threads_per_worker, task_timeout_ms, max_attempts,
			       priority, status, backoff_initial_us, backoff_multiplier, backoff_max_us, retry_on,
			       COALESCE(deadline_at <= UTC_TIMESTAMP(6), FALSE) AS past_deadline
			FROM jobs
			WHERE status IN (%s)
			ORDER BY priority DESC, id
			""".formatted(JobStatus.IN_PROGRESS_SQL);

	private static final String STATUS_AND_VERSION = """
			SELECT status, version, status_reason, deadline_us, COALESCE(deadline_at <= UTC_TIMESTAMP(6), FALSE) AS past_deadline
			FROM jobs WHERE id = ? FOR UPDATE
			""";

	private static final String MARK_STOPPING = """
			UPDATE jobs SET status = 'CANCELLING', status_reason = ?, version = version + 1
			WHERE id = ? AND version = ?
			""";

	private static final String CANCEL_QUEUED_TASKS = """
			UPDATE tasks SET status = 'CANCELLED', finished_at = UTC_TIMESTAMP(6), error = ?
			WHERE job_id = ? AND status = 'QUEUED'
			""";

	/** A locking read, so it sees claims committed after this transaction's snapshot. */
	private static final String COUNT_RUNNING_TASKS = """
			SELECT COUNT(*) FROM tasks WHERE job_id = ? AND status = 'RUNNING' LOCK IN SHARE MODE
			""";

	private static final String MARK_RUNNING = """
			UPDATE jobs SET status = 'RUNNING', started_at = UTC_TIMESTAMP(6), version = version + 1
			WHERE id = ? AND version = ?
			""";

	private static final String FINISH = """
			UPDATE jobs
			SET status = ?, status_reason = ?, finished_at = UTC_TIMESTAMP(6), started_at = COALESCE(started_at, UTC_TIMESTAMP(6)),
			    version = version + 1
			WHERE id = ? AND version = ?
			""";

	private static final String COUNT_BY_STATUS = "SELECT status, COUNT(*) AS n FROM tasks WHERE job_id = ? GROUP BY status";

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	public JobLifecycle(JdbcClient jdbc, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.tx = tx;
	}

	/** Jobs that may have work, highest priority first, then oldest first. */
	public List<ActiveJob> activeJobs() {
		return this.jdbc.sql(ACTIVE_JOBS)
			.query((rs, n) -> new ActiveJob(rs.getLong("id"), rs.getString("task_type"), rs.getString("params"),
					rs.getInt("parallelism"), rs.getInt("chunk_size"), rs.getInt("threads_per_worker"),
					Duration.ofMillis(rs.getLong("task_timeout_ms")), rs.getInt("max_attempts"), rs.getInt("priority"),
					JobStatus.valueOf(rs.getString("status")), JobRepository.retryPolicy(rs),
					rs.getBoolean("past_deadline")))
			.list();
	}

	/** QUEUED → RUNNING when its first task is claimed; a no-op in any other state. */
	public void markRunning(long jobId) {
		retryOnDeadlock(() -> this.tx.executeWithoutResult((s) -> {
			Optional<Row> row = lock(jobId);
			if (row.isPresent() && row.get().status() == JobStatus.QUEUED) {
				this.jdbc.sql(MARK_RUNNING).params(jobId, row.get().version()).update();
			}
		}));
	}

	/**
	 * Ends the job if none of its tasks is QUEUED or RUNNING (on any node): SUCCEEDED, or
	 * FAILED when a task failed; a CANCELLING job becomes CANCELLED.
	 * @return the job's new status, or empty when it is not finished yet (or already
	 * final)
	 */
	public Optional<JobStatus> finishIfComplete(long jobId) {
		return retryOnDeadlock(() -> finish(jobId));
	}

	private Optional<JobStatus> finish(long jobId) {
		return this.tx.execute((s) -> {
			Optional<Row> row = lock(jobId);
			if (row.isEmpty() || row.get().status().isTerminal()) {
				return Optional.<JobStatus>empty();
			}
			Map<TaskStatus, Long> counts = counts(jobId);
			if (counts.getOrDefault(TaskStatus.QUEUED, 0L) + counts.getOrDefault(TaskStatus.RUNNING, 0L) > 0) {
				return Optional.<JobStatus>empty();
			}
			long failed = counts.getOrDefault(TaskStatus.FAILED, 0L);
			long total = counts.values().stream().mapToLong(Long::longValue).sum();
			JobStatus from = row.get().status();
			JobStatus to;
			String reason = null;
			if (from == JobStatus.CANCELLING && row.get().stoppedAtDeadline()) {
				to = JobStatus.FAILED;
				reason = row.get().reason();
			}
			else if (from == JobStatus.CANCELLING) {
				to = JobStatus.CANCELLED;
				reason = "cancelled";
			}
			else if (failed > 0) {
				to = JobStatus.FAILED;
				reason = failed + " of " + total + " tasks failed";
			}
			else {
				to = JobStatus.SUCCEEDED;
			}
			if (!from.canMoveTo(to)) {
				throw new IllegalJobTransitionException(jobId, from, to);
			}
			this.jdbc.sql(FINISH).params(to.name(), reason, jobId, row.get().version()).update();
			return Optional.of(to);
		});
	}

	/**
	 * Stops a QUEUED or RUNNING job whose deadline has passed (by the database's clock),
	 * as a cancel does: its queued tasks are cancelled, and it becomes CANCELLING while
	 * tasks still run (the dispatchers cancel them, killing them after the cancel grace),
	 * or FAILED at once when none runs. Its status reason starts with
	 * {@value #DEADLINE_EXCEEDED}; {@link #finishIfComplete} ends it FAILED.
	 * @return the job's new status, or empty when it is not past its deadline or not
	 * QUEUED or RUNNING (another replica stopped it first)
	 */
	public Optional<JobStatus> stopPastDeadline(long jobId) {
		return retryOnDeadlock(() -> this.tx.execute((s) -> {
			Optional<Row> row = lock(jobId);
			if (row.isEmpty() || !row.get().pastDeadline() || !row.get().status().canMoveTo(JobStatus.CANCELLING)) {
				return Optional.<JobStatus>empty();
			}
			Duration deadline = Duration.ofNanos(row.get().deadlineMicros() * 1000);
			String reason = DEADLINE_EXCEEDED + ": the job did not finish within its deadline of " + deadline;
			this.jdbc.sql(MARK_STOPPING).params(reason, jobId, row.get().version()).update();
			this.jdbc.sql(CANCEL_QUEUED_TASKS).params("cancelled: " + DEADLINE_EXCEEDED, jobId).update();
			if (this.jdbc.sql(COUNT_RUNNING_TASKS).param(jobId).query(Long.class).single() > 0) {
				return Optional.of(JobStatus.CANCELLING);
			}
			this.jdbc.sql(FINISH).params(JobStatus.FAILED.name(), reason, jobId, row.get().version() + 1).update();
			return Optional.of(JobStatus.FAILED);
		}));
	}

	/**
	 * Deadlocks between short transactions on the same job row are expected; try again.
	 */
	private static <T> T retryOnDeadlock(Supplier<T> action) {
		for (int attempt = 1;; attempt++) {
			try {
				return action.get();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
		}
	}

	private static void retryOnDeadlock(Runnable action) {
		retryOnDeadlock(() -> {
			action.run();
			return null;
		});
	}

	private Optional<Row> lock(long jobId) {
		return this.jdbc.sql(STATUS_AND_VERSION)
			.param(jobId)
			.query((rs, n) -> new Row(JobStatus.valueOf(rs.getString("status")), rs.getLong("version"),
					rs.getString("status_reason"), rs.getLong("deadline_us"), rs.getBoolean("past_deadline")))
			.optional();
	}

	private Map<TaskStatus, Long> counts(long jobId) {
		return this.jdbc.sql(COUNT_BY_STATUS)
			.param(jobId)
			.query((rs, n) -> Map.entry(TaskStatus.valueOf(rs.getString("status")), rs.getLong("n")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private record Row(JobStatus status, long version, String reason, long deadlineMicros, boolean pastDeadline) {

		/**
		 * A CANCELLING job that {@link #stopPastDeadline} stopped, not a user's cancel.
		 */
		boolean stoppedAtDeadline() {
			return this.status == JobStatus.CANCELLING && this.reason != null
					&& this.reason.startsWith(DEADLINE_EXCEEDED);
		}

	}

}
