package dev.workpool.worker.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.TaskOutcome;

/**
 * Records task results through the worker's own pool, in batches: one transaction of
 * conditional UPDATEs per batch, written at chunk end, when {@value #MAX_BATCH} results
 * are buffered, or {@value #MAX_DELAY_MILLIS} ms after the first one buffered since the
 * last write (one timer at a time, cancelled by any write). After the commit it sends one
 * {@link TaskDone} per result, in the order the results were added, in one write to the
 * pipe. A write that updates no row is STALE: a newer claim or a final state exists.
 *
 * <p>
 * Writes run on a single "results" thread that is never interrupted by a cancel. A
 * failing write is retried with backoff for {@code retryFor}; then {@code onDatabaseLost}
 * is called (the worker sends Fatal and exits).
 */
final class ResultRecorder {

	static final int MAX_BATCH = 100;

	static final long MAX_DELAY_MILLIS = 50;

	static final String SUCCEEDED_SQL = """
			UPDATE tasks SET status = 'SUCCEEDED', output = ?, error = NULL, worker_pid = ?,
			    db_connection_id = CONNECTION_ID(), started_at = ?,
			    duration_us = ?, finished_at = UTC_TIMESTAMP(6)
			WHERE id = ? AND attempt = ? AND status = 'RUNNING'
			""";

	static final String FAILED_SQL = """
			UPDATE tasks SET status = 'FAILED', failures = failures + 1, error = ?, output = NULL, worker_pid = ?,
			    db_connection_id = CONNECTION_ID(), started_at = ?,
			    duration_us = ?, finished_at = UTC_TIMESTAMP(6)
			WHERE id = ? AND attempt = ? AND status = 'RUNNING'
			""";

	/** Re-queued; not claimed before its backoff has passed by the database's clock. */
	static final String RETRY_SQL = """
			UPDATE tasks SET status = 'QUEUED', failures = failures + 1, error = ?, output = NULL, node_id = NULL,
			    worker_pid = ?, db_connection_id = CONNECTION_ID(), started_at = ?,
			    duration_us = ?, finished_at = NULL, not_before = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND
			WHERE id = ? AND attempt = ? AND status = 'RUNNING'
			""";

	static final String CANCELLED_SQL = """
			UPDATE tasks SET status = 'CANCELLED', error = ?, output = NULL, worker_pid = ?,
			    db_connection_id = CONNECTION_ID(), started_at = ?,
			    duration_us = ?, finished_at = UTC_TIMESTAMP(6)
			WHERE id = ? AND attempt = ? AND status = 'RUNNING'
			""";

	private static final Map<TaskOutcome, String> SQL = Map.of(TaskOutcome.SUCCEEDED, SUCCEEDED_SQL, TaskOutcome.FAILED,
			FAILED_SQL, TaskOutcome.RETRY, RETRY_SQL, TaskOutcome.CANCELLED, CANCELLED_SQL);

	private final DataSource dataSource;

	private final long pid;

	private final Consumer<List<TaskDone>> sender;

	private final Consumer<String> onDatabaseLost;

	private final Duration retryFor;

	private final WorkerLog log;

	private final ScheduledExecutorService writer;

	private final List<TaskResult> buffer = new ArrayList<>(); // guarded by this

	/** The timed write of what is buffered, or null; guarded by this. */
	private ScheduledFuture<?> timed;

	ResultRecorder(DataSource dataSource, long pid, Consumer<List<TaskDone>> sender, Consumer<String> onDatabaseLost,
			Duration retryFor, WorkerLog log) {
		this.dataSource = dataSource;
		this.pid = pid;
		this.sender = sender;
		this.onDatabaseLost = onDatabaseLost;
		this.retryFor = retryFor;
		this.log = log;
		this.writer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "results");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Buffers a result; schedules or triggers a write. */
	void add(TaskResult result) {
		boolean full;
		synchronized (this) {
			this.buffer.add(result);
			full = this.buffer.size() >= MAX_BATCH;
			if (!full && this.timed == null) {
				this.timed = this.writer.schedule(this::writeBuffered, MAX_DELAY_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
		if (full) {
			this.writer.execute(this::writeBuffered);
		}
	}

	/**
	 * Writes whatever is buffered now; the future completes after its TaskDone frames.
	 */
	Future<?> flush() {
		return this.writer.submit(this::writeBuffered);
	}

	/** Stops the writer thread; call after the last {@link #flush()} completed. */
	void close() {
		((ExecutorService) this.writer).shutdown();
	}

	/**
	 * Also ends the pending timed write: a timer per write (each one scheduled when the
	 * buffer went from empty to one result) would outlive the write that made it
	 * pointless, and timers left by chunk-end flushes would pile up and fire one after
	 * the other, writing a few results each (W4 wrote 19 results per commit for it).
	 */
	private void writeBuffered() {
		List<TaskResult> batch;
		synchronized (this) {
			if (this.timed != null) {
				this.timed.cancel(false);
				this.timed = null;
			}
			if (this.buffer.isEmpty()) {
				return;
			}
			batch = new ArrayList<>(this.buffer);
			this.buffer.clear();
		}
		send(batch, withRetries("record " + batch.size() + " task results", () -> write(batch)));
	}

	/** One TaskDone per result, in order, in one write to the pipe. */
	void send(List<TaskResult> batch, List<TaskOutcome> outcomes) {
		List<TaskDone> done = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			TaskResult result = batch.get(i);
			done.add(new TaskDone(result.taskId(), result.attempt(), outcomes.get(i), result.durationMicros()));
		}
		this.sender.accept(done);
	}

	/**
	 * Writes the batch inside the caller's open transaction (no commit): what
	 * {@link ChunkTransaction} records together with the tasks' own changes.
	 * @return the outcomes, or null when a SUCCEEDED result was stale: its task's changes
	 * must not be committed (roll back)
	 */
	List<TaskOutcome> writeIn(Connection connection, List<TaskResult> batch) throws SQLException {
		List<TaskOutcome> outcomes = executeFast(connection, batch);
		if (outcomes == null) {
			return null;
		}
		for (int i = 0; i < batch.size(); i++) {
			if (batch.get(i).outcome() == TaskOutcome.SUCCEEDED && outcomes.get(i) == TaskOutcome.STALE) {
				return null;
			}
		}
		return outcomes;
	}

	/**
	 * The status and attempt of each task, as the database has them now (a fresh
	 * connection, retried like a result write).
	 */
	Map<Long, TaskRow> rows(List<Long> taskIds) {
		return withRetries("read the state of " + taskIds.size() + " tasks", () -> readRows(taskIds));
	}

	/** A task's row as {@link #rows} reads it. */
	record TaskRow(int attempt, String status) {
	}

	private Map<Long, TaskRow> readRows(List<Long> taskIds) throws SQLException {
		String marks = String.join(",", Collections.nCopies(taskIds.size(), "?"));
		Map<Long, TaskRow> rows = new HashMap<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT id, attempt, status FROM tasks WHERE id IN (" + marks + ")")) {
			for (int i = 0; i < taskIds.size(); i++) {
				statement.setLong(i + 1, taskIds.get(i));
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows.put(rs.getLong(1), new TaskRow(rs.getInt(2), rs.getString(3)));
				}
			}
		}
		return rows;
	}

	/** The worker cannot go on without its database: tells the parent and exits. */
	void databaseLost(String reason) {
		this.onDatabaseLost.accept(reason);
	}

	/** A database call {@link #withRetries} repeats. */
	@FunctionalInterface
	interface SqlCall<T> {

		T call() throws SQLException;

	}

	private <T> T withRetries(String what, SqlCall<T> call) {
		long deadline = System.nanoTime() + this.retryFor.toNanos();
		long backoffMillis = 100;
		while (true) {
			try {
				return call.call();
			}
			catch (SQLException ex) {
				if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis) > deadline) {
					String reason = "Cannot " + what + " for " + this.retryFor.toSeconds() + " s: " + ex.getMessage();
					this.log.error(reason, ex);
					this.onDatabaseLost.accept(reason);
					throw new IllegalStateException(reason, ex);
				}
				this.log.warn("Failed to " + what + ", retrying in " + backoffMillis + " ms: " + ex.getMessage());
				sleep(backoffMillis);
				backoffMillis = Math.min(backoffMillis * 2, 2000);
			}
		}
	}

	/**
	 * One transaction: the SUCCEEDED results in multi-row statements
	 * ({@link SucceededRows}) and the others in a JDBC batch per statement kind, then
	 * commit. When a multi-row statement finds a stale result, the transaction is rolled
	 * back and the batch written again row by row, which tells exactly which were stale.
	 */
	private List<TaskOutcome> write(List<TaskResult> batch) throws SQLException {
		if (batch.stream().noneMatch(TaskResult::isWritten)) {
			return batch.stream().map(TaskResult::outcome).toList();
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				List<TaskOutcome> outcomes = executeFast(connection, batch);
				if (outcomes == null) {
					connection.rollback();
					outcomes = execute(connection, batch);
				}
				connection.commit();
				return outcomes;
			}
			catch (SQLException | RuntimeException ex) {
				rollbackQuietly(connection);
				throw ex;
			}
		}
	}

	/**
	 * Writes the batch with one statement per group of SUCCEEDED results.
	 * @return the outcomes, or null when a result was stale (roll back and write row by
	 * row)
	 */
	private List<TaskOutcome> executeFast(Connection connection, List<TaskResult> batch) throws SQLException {
		List<TaskResult> succeeded = batch.stream().filter((r) -> r.outcome() == TaskOutcome.SUCCEEDED).toList();
		if (succeeded.size() < 2) {
			return execute(connection, batch);
		}
		for (List<TaskResult> group : SucceededRows.groups(succeeded)) {
			if (SucceededRows.update(connection, group, this.pid, ResultRecorder::startedAt) != group.size()) {
				return null;
			}
		}
		List<TaskResult> others = batch.stream().filter((r) -> r.outcome() != TaskOutcome.SUCCEEDED).toList();
		List<TaskOutcome> otherOutcomes = others.isEmpty() ? List.of() : execute(connection, others);
		List<TaskOutcome> outcomes = new ArrayList<>(batch.size());
		int next = 0;
		for (TaskResult result : batch) {
			outcomes
				.add((result.outcome() == TaskOutcome.SUCCEEDED) ? TaskOutcome.SUCCEEDED : otherOutcomes.get(next++));
		}
		return outcomes;
	}

	private List<TaskOutcome> execute(Connection connection, List<TaskResult> batch) throws SQLException {
		Map<TaskOutcome, PreparedStatement> statements = new EnumMap<>(TaskOutcome.class);
		Map<TaskOutcome, Integer> batched = new EnumMap<>(TaskOutcome.class);
		int[] positions = new int[batch.size()];
		try {
			for (int i = 0; i < batch.size(); i++) {
				TaskResult result = batch.get(i);
				if (result.isWritten()) {
					PreparedStatement statement = statements.get(result.outcome());
					if (statement == null) {
						statement = connection.prepareStatement(SQL.get(result.outcome()));
						statements.put(result.outcome(), statement);
					}
					bind(statement, result);
					statement.addBatch();
					positions[i] = batched.merge(result.outcome(), 1, Integer::sum) - 1;
				}
			}
			Map<TaskOutcome, int[]> counts = new EnumMap<>(TaskOutcome.class);
			for (Map.Entry<TaskOutcome, PreparedStatement> entry : statements.entrySet()) {
				counts.put(entry.getKey(), entry.getValue().executeBatch());
			}
			List<TaskOutcome> outcomes = new ArrayList<>(batch.size());
			for (int i = 0; i < batch.size(); i++) {
				TaskResult result = batch.get(i);
				outcomes.add(result.isWritten() ? recorded(result, counts.get(result.outcome())[positions[i]])
						: result.outcome());
			}
			return outcomes;
		}
		finally {
			for (PreparedStatement statement : statements.values()) {
				statement.close();
			}
		}
	}

	private TaskOutcome recorded(TaskResult result, int updateCount) {
		if (!isRecorded(updateCount)) {
			this.log.info("Result of task " + result.taskId() + " attempt " + result.attempt()
					+ " is stale (a newer claim or a final state exists); not recorded");
			return TaskOutcome.STALE;
		}
		return result.outcome(); // 1, or SUCCESS_NO_INFO from a rewritten batch
	}

	private void bind(PreparedStatement statement, TaskResult result) throws SQLException {
		statement.setString(1, (result.outcome() == TaskOutcome.SUCCEEDED) ? result.output() : result.error());
		statement.setLong(2, this.pid);
		statement.setString(3, startedAt(result));
		statement.setLong(4, result.durationMicros());
		int next = 5;
		if (result.outcome() == TaskOutcome.RETRY) {
			statement.setLong(next++, result.retryDelayMicros());
		}
		statement.setLong(next++, result.taskId());
		statement.setInt(next, result.attempt());
	}

	/**
	 * The worker's wall clock at the task's start ({@link StartDates}; finished_at is the
	 * database's clock at commit: completion order).
	 */
	static String startedAt(TaskResult result) {
		return StartDates.WORKER.format(result.startNanos());
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ignored) {
			// the connection is probably broken; Hikari evicts it
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean isRecorded(int updateCount) {
		return updateCount > 0 || updateCount == Statement.SUCCESS_NO_INFO;
	}

}
