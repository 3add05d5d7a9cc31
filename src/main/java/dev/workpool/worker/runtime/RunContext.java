package dev.workpool.worker.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.workpool.joblog.LogEntry;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.worker.protocol.Message.TaskItem;

/** The {@link TaskContext} of one task run inside a worker. */
final class RunContext implements TaskContext {

	private final ChunkRun chunk;

	private final TaskItem item;

	private final Map<String, Object> params;

	private final DataSource dataSource;

	private final TaskLog taskLog;

	private final ChunkTransaction transaction;

	RunContext(ChunkRun chunk, TaskItem item, Map<String, Object> params, DataSource dataSource, TaskLog taskLog,
			ChunkTransaction transaction) {
		this.chunk = chunk;
		this.item = item;
		this.params = params;
		this.dataSource = dataSource;
		this.taskLog = taskLog;
		this.transaction = transaction;
	}

	@Override
	public long jobId() {
		return this.chunk.jobId();
	}

	@Override
	public long taskId() {
		return this.item.taskId();
	}

	@Override
	public int index() {
		return this.item.index();
	}

	@Override
	public int attempt() {
		return this.item.attempt();
	}

	@Override
	public Map<String, Object> params() {
		return this.params;
	}

	@Override
	public <P> P params(Class<P> type) {
		return JsonValues.convert(this.params, type);
	}

	@Override
	public DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public Connection connection() throws SQLException {
		return this.transaction.connectionForTask();
	}

	@Override
	public boolean isCancelled() {
		return this.chunk.shouldTaskStop();
	}

	@Override
	public void log(String level, String message) {
		this.taskLog.append(jobId(), List.of(LogEntry.ofTask(index(), attempt(), level, message)));
	}

	@Override
	public void logAll(String level, List<String> messages) {
		this.taskLog.append(jobId(),
				messages.stream().map((message) -> LogEntry.ofTask(index(), attempt(), level, message)).toList());
	}

	@Override
	public <T> T withLock(String name, Duration timeout, Supplier<T> action) {
		return this.taskLog.withLock(jobId(), name, timeout, action);
	}

}
