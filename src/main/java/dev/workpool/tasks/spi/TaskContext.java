package dev.workpool.tasks.spi;

import java.util.Map;

import javax.sql.DataSource;

/**
 * What a running task may use. Implemented by the worker runtime.
 */
public interface TaskContext {

	long jobId();

	long taskId();

	/** Position of this task's input in the job. */
	int index();

	/** Fencing epoch of this run: 1 for the first claim, higher after re-claims. */
	int attempt();

	/** The job's shared params. */
	Map<String, Object> params();

	/**
	 * The worker process's own connection pool (HikariCP, built lazily on first use,
	 * never inherited from the service).
	 */
	DataSource dataSource();

	/**
	 * True once the job was cancelled or the task timed out; long tasks should check it
	 * and stop. The task's thread is also interrupted.
	 */
	boolean isCancelled();

}
