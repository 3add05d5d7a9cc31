package dev.workpool.jobs;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Direct SQL on the jobs and tasks tables, for tests that need states no scheduler
 * produces here (running, finished) or that compare row counts.
 */
public final class JobTables {

	private final JdbcClient jdbc;

	public JobTables(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Deletes every job (and, by cascade, every task). */
	public void clear() {
		this.jdbc.sql("DELETE FROM jobs").update();
	}

	public long jobCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single();
	}

	public long taskCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM tasks").query(Long.class).single();
	}

	public void setJobStatus(long jobId, JobStatus status) {
		this.jdbc.sql("""
				UPDATE jobs SET status = :status, version = version + 1,
				  started_at = COALESCE(started_at, UTC_TIMESTAMP(6)),
				  finished_at = CASE WHEN :final THEN UTC_TIMESTAMP(6) ELSE NULL END
				WHERE id = :id
				""").param("status", status.name()).param("final", status.isTerminal()).param("id", jobId).update();
	}

	public void markRunning(long jobId, int idx, long workerPid) {
		this.jdbc.sql("""
				UPDATE tasks SET status = 'RUNNING', attempt = attempt + 1, worker_pid = :pid,
				  claimed_at = UTC_TIMESTAMP(6), started_at = UTC_TIMESTAMP(6)
				WHERE job_id = :jobId AND idx = :idx
				""").param("pid", workerPid).param("jobId", jobId).param("idx", idx).update();
	}

	/**
	 * Records a finished task as a worker would; {@code secondsAfterEpoch2025} orders the
	 * finish times.
	 */
	public void finish(long jobId, int idx, TaskStatus status, String outputJson, String error, long workerPid,
			long durationUs, int secondsAfterEpoch2025) {
		this.jdbc.sql("""
				UPDATE tasks SET status = :status, attempt = attempt + 1, worker_pid = :pid, output = :output,
				  error = :error, duration_us = :durationUs,
				  finished_at = TIMESTAMPADD(SECOND, :seconds, TIMESTAMP('2025-01-01 00:00:00'))
				WHERE job_id = :jobId AND idx = :idx
				""")
			.param("status", status.name())
			.param("pid", workerPid)
			.param("output", outputJson)
			.param("error", error)
			.param("durationUs", durationUs)
			.param("seconds", secondsAfterEpoch2025)
			.param("jobId", jobId)
			.param("idx", idx)
			.update();
	}

}
