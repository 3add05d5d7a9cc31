package dev.workpool.tasks.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

	/**
	 * The job's shared params, with the defaults of the type's params schema filled in.
	 */
	Map<String, Object> params();

	/**
	 * The job's params bound to {@code type} (a record or bean, by Jackson, property
	 * names as in the JSON), for tasks that prefer typed params.
	 * @throws IllegalArgumentException if they do not fit {@code type}
	 */
	<P> P params(Class<P> type);

	/**
	 * The worker process's own connection pool (HikariCP, built lazily on first use,
	 * never inherited from the service).
	 */
	DataSource dataSource();

	/**
	 * A connection of the worker's own pool inside the transaction this task shares with
	 * its own result: what the task changes on it is committed together with the row that
	 * records the task as SUCCEEDED — both or neither. A task that fails, times out or is
	 * cancelled leaves nothing (its changes are rolled back); a worker that dies leaves
	 * nothing either (the database rolls the open transaction back) and its tasks run
	 * again without duplicating anything. The worker commits the results of up to 100
	 * tasks of a chunk at once (one durable commit instead of one per task).
	 *
	 * <p>
	 * Do not close, commit or roll back this connection (those calls are refused; use
	 * {@link #dataSource()} for a connection of your own). When the shared transaction is
	 * rolled back through no fault of this task (the chunk's first failing task, another
	 * task's deadlock, a claim that went stale, a failed commit), the task runs again in
	 * the same worker: effects outside the database (log lines, HTTP calls) then happen
	 * twice.
	 */
	Connection connection() throws SQLException;

	/**
	 * True once the job was cancelled or the task timed out; long tasks should check it
	 * and stop. The task's thread is also interrupted.
	 */
	boolean isCancelled();

	/**
	 * Appends one entry (level INFO) to the job's shared log. When this returns, the
	 * entry is on disk: a crash right after it loses nothing. Multi-line messages stay
	 * one entry.
	 */
	default void log(String message) {
		log("INFO", message);
	}

	/**
	 * Appends one entry with the given level (1–16 letters, e.g. WARN) to the job's log.
	 */
	void log(String level, String message);

	/**
	 * Appends several entries with one level under a single acquisition of the log's lock
	 * — the fast path for many lines. They stay together and in order; when this returns
	 * all of them are on disk.
	 */
	void logAll(String level, List<String> messages);

	/**
	 * Runs {@code action} while holding the named lock, exclusive across every worker of
	 * every service replica (a database advisory lock; freed by the database if this
	 * worker dies).
	 * @throws dev.workpool.WorkpoolException when the lock cannot be had within
	 * {@code timeout}
	 */
	<T> T withLock(String name, Duration timeout, Supplier<T> action);

}
