package dev.workpool.worker.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;
import dev.workpool.worker.runtime.ResultRecorder.TaskRow;

/**
 * The transaction the tasks of one chunk share with their own results
 * ({@code TaskContext.connection()}): what a task changes on it and the row that records
 * the task as SUCCEEDED commit together, or neither does. Opened when a task first asks
 * for it; every result after that joins it, and it commits when
 * {@value ResultRecorder#MAX_BATCH} results wait,
 * {@value ResultRecorder#MAX_DELAY_MILLIS} ms after the first of them, and at the chunk's
 * end — one durable commit for many tasks instead of one each.
 *
 * <ul>
 * <li>A task that does not succeed leaves nothing. Until a task of the chunk fails, no
 * savepoints are taken (each costs a round trip): the first failure rolls the whole
 * uncommitted batch back and the tasks before it run again; from then on a savepoint
 * before each task's first statement lets a failing task be rolled back alone.</li>
 * <li>When the transaction is lost (a deadlock rolls all of it back, the connection
 * breaks, the commit fails) or a claim went stale (a SUCCEEDED result finds its row no
 * longer RUNNING under its attempt), nothing of the waiting results is kept: the tasks
 * whose rows are still theirs run again, the others are reported STALE. A commit whose
 * outcome is unknown is settled by reading the rows back.</li>
 * <li>A worker that dies leaves its open transaction to the database, which rolls it
 * back; the tasks are still RUNNING and are settled as for any dead worker.</li>
 * </ul>
 * Used by the chunk's lane thread only.
 */
final class ChunkTransaction implements AutoCloseable {

	/**
	 * Lost transactions in a row after which the worker gives up on its database.
	 */
	static final int MAX_LOSSES = 3;

	private static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(ResultRecorder.MAX_DELAY_MILLIS);

	private final DataSource dataSource;

	private final ResultRecorder recorder;

	private final WorkerLog log;

	private final List<Done> pending = new ArrayList<>();

	private Connection connection;

	private Connection handedOut;

	private boolean taskUsedIt;

	private boolean savepoints;

	private long firstPendingNanos;

	private int lossesInARow;

	ChunkTransaction(DataSource dataSource, ResultRecorder recorder, WorkerLog log) {
		this.dataSource = dataSource;
		this.recorder = recorder;
		this.log = log;
	}

	/**
	 * The connection of the running task: opens the transaction on first use and, once a
	 * task of the chunk failed, takes a savepoint before each task's first statement.
	 */
	Connection connectionForTask() throws SQLException {
		if (this.connection == null) {
			Connection opened = this.dataSource.getConnection();
			try {
				opened.setAutoCommit(false);
			}
			catch (SQLException ex) {
				opened.close();
				throw ex;
			}
			this.connection = opened;
			this.handedOut = TaskConnection.of(opened);
		}
		if (!this.taskUsedIt) {
			// set first: if the savepoint fails, the task's end finds the transaction
			// lost
			this.taskUsedIt = true;
			if (this.savepoints) {
				execute("SAVEPOINT workpool_task");
			}
		}
		return this.handedOut;
	}

	/**
	 * Takes the result of the task that just ran: into the transaction while one is open,
	 * else to the result writer.
	 * @return tasks to run again, in their order (the transaction was lost)
	 */
	List<TaskItem> taskEnded(TaskItem item, TaskResult result) {
		boolean used = this.taskUsedIt;
		this.taskUsedIt = false;
		if (this.connection == null) {
			this.recorder.add(result);
			return List.of();
		}
		if (used && result.outcome() != TaskOutcome.SUCCEEDED) {
			if (!this.savepoints) {
				return rollBackAll(item, result);
			}
			try {
				execute("ROLLBACK TO SAVEPOINT workpool_task");
			}
			catch (SQLException ex) {
				// the transaction is gone: this task's failure stands on its own, the
				// tasks before it lost their changes through no fault of theirs
				this.log.warn("Task " + item.taskId() + " lost the chunk's transaction (" + ex.getMessage() + "): the "
						+ this.pending.size() + " tasks before it run again");
				List<TaskItem> again = settle(List.copyOf(this.pending), false);
				this.pending.clear();
				discardConnection();
				this.recorder.add(result);
				return again;
			}
		}
		if (this.pending.isEmpty()) {
			this.firstPendingNanos = System.nanoTime();
		}
		this.pending.add(new Done(item, result));
		return List.of();
	}

	/**
	 * A task failed while no savepoint marks where its changes began: the whole
	 * uncommitted batch goes back, its failure is recorded on its own, the tasks before
	 * it run again — once per chunk: from now on each task gets a savepoint. Most chunks
	 * never fail, and a savepoint costs every task a round trip.
	 */
	private List<TaskItem> rollBackAll(TaskItem item, TaskResult result) {
		this.savepoints = true;
		List<Done> batch = List.copyOf(this.pending);
		this.pending.clear();
		try {
			this.connection.rollback();
		}
		catch (SQLException ex) {
			discardConnection();
		}
		this.recorder.add(result);
		List<TaskItem> again = new ArrayList<>();
		for (Done done : batch) {
			if (done.result().outcome() == TaskOutcome.SUCCEEDED) {
				again.add(done.item());
			}
			else {
				this.recorder.add(done.result());
			}
		}
		if (!again.isEmpty()) {
			this.log.info("Task " + item.taskId() + " failed in the chunk's transaction: it was rolled back, the "
					+ again.size() + " tasks before it run again");
		}
		return again;
	}

	/** Whether the waiting results should be committed now. */
	boolean isDue() {
		return !this.pending.isEmpty() && (this.pending.size() >= ResultRecorder.MAX_BATCH
				|| System.nanoTime() - this.firstPendingNanos >= MAX_DELAY_NANOS);
	}

	/**
	 * Records the waiting results in the transaction and commits, then reports them to
	 * the parent.
	 * @return tasks to run again, in their order
	 */
	List<TaskItem> commit() {
		if (this.pending.isEmpty()) {
			return List.of();
		}
		List<Done> batch = List.copyOf(this.pending);
		this.pending.clear();
		List<TaskResult> results = batch.stream().map(Done::result).toList();
		boolean rolledBack = false;
		try {
			List<TaskOutcome> outcomes = this.recorder.writeIn(this.connection, results);
			if (outcomes != null) {
				this.connection.commit();
				this.lossesInARow = 0;
				this.recorder.send(results, outcomes);
				return List.of();
			}
			this.connection.rollback();
			rolledBack = true;
			this.log.info("A claim went stale in a chunk's transaction: it was rolled back, its " + batch.size()
					+ " tasks are sorted out");
		}
		catch (SQLException ex) {
			this.log.warn("Committing " + batch.size() + " tasks failed (" + ex.getMessage() + "): sorting them out");
			discardConnection();
		}
		return settle(batch, !rolledBack);
	}

	/**
	 * Gives the connection back to the pool; whatever was not committed is rolled back.
	 */
	@Override
	public void close() {
		discardConnection();
	}

	/**
	 * After a lost or rolled-back transaction: reads the batch's rows back. A SUCCEEDED
	 * task whose row is still RUNNING under its attempt runs again (its changes are
	 * gone); any other result whose row is still RUNNING is recorded on its own (it
	 * changed nothing: it was rolled back to its savepoint). When
	 * {@code mayHaveCommitted}, a row showing the result the batch would have written is
	 * reported as recorded; any other row is STALE.
	 */
	private List<TaskItem> settle(List<Done> batch, boolean mayHaveCommitted) {
		if (batch.isEmpty()) {
			return List.of();
		}
		if (++this.lossesInARow > MAX_LOSSES) {
			String reason = "Lost a chunk's transaction " + MAX_LOSSES + " times in a row";
			this.recorder.databaseLost(reason);
			throw new IllegalStateException(reason);
		}
		Map<Long, TaskRow> rows = this.recorder.rows(batch.stream().map((done) -> done.item().taskId()).toList());
		List<TaskItem> again = new ArrayList<>();
		List<TaskResult> reported = new ArrayList<>();
		List<TaskOutcome> outcomes = new ArrayList<>();
		for (Done done : batch) {
			TaskResult result = done.result();
			TaskRow row = rows.get(done.item().taskId());
			boolean ours = row != null && row.attempt() == done.item().attempt();
			if (!result.isWritten()) {
				reported.add(result);
				outcomes.add(result.outcome());
			}
			else if (ours && "RUNNING".equals(row.status())) {
				if (result.outcome() == TaskOutcome.SUCCEEDED) {
					again.add(done.item());
				}
				else {
					this.recorder.add(result);
				}
			}
			else {
				reported.add(result);
				boolean recorded = ours && mayHaveCommitted && row.status().equals(statusOf(result.outcome()));
				outcomes.add(recorded ? result.outcome() : TaskOutcome.STALE);
			}
		}
		if (!reported.isEmpty()) {
			this.recorder.send(reported, outcomes);
		}
		return again;
	}

	private static String statusOf(TaskOutcome outcome) {
		return (outcome == TaskOutcome.RETRY) ? "QUEUED" : outcome.name();
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = this.connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** Rolls back whatever is uncommitted and gives the connection back to the pool. */
	private void discardConnection() {
		if (this.connection == null) {
			return;
		}
		try {
			this.connection.rollback();
		}
		catch (SQLException ignored) {
			// a broken connection: the pool evicts it
		}
		try {
			this.connection.close();
		}
		catch (SQLException ignored) {
			// as above
		}
		this.connection = null;
		this.handedOut = null;
		this.taskUsedIt = false;
	}

	/** A task that ran, and its result waiting in the transaction. */
	private record Done(TaskItem item, TaskResult result) {
	}

}
