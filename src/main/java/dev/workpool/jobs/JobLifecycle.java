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

	private static final String ACTIVE_JOBS = """
			SELECT id, task_type, params, parallelism, chunk_size, task_timeout_ms, max_attempts, priority, status
			FROM jobs
			WHERE status IN ('QUEUED', 'RUNNING', 'CANCELLING')
			ORDER BY priority DESC, id
			""";

	private static final String STATUS_AND_VERSION = "SELECT status, version FROM jobs WHERE id = ? FOR UPDATE";

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
					rs.getInt("parallelism"), rs.getInt("chunk_size"), Duration.ofMillis(rs.getLong("task_timeout_ms")),
					rs.getInt("max_attempts"), rs.getInt("priority"), JobStatus.valueOf(rs.getString("status"))))
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
			if (from == JobStatus.CANCELLING) {
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
			.query((rs, n) -> new Row(JobStatus.valueOf(rs.getString("status")), rs.getLong("version")))
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

	private record Row(JobStatus status, long version) {
	}

}
