package dev.workpool.worker.runtime;

import java.util.Map;

import javax.sql.DataSource;

import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.worker.protocol.Message.TaskItem;

/** The {@link TaskContext} of one task run inside a worker. */
final class RunContext implements TaskContext {

	private final ChunkRun chunk;

	private final TaskItem item;

	private final Map<String, Object> params;

	private final DataSource dataSource;

	RunContext(ChunkRun chunk, TaskItem item, Map<String, Object> params, DataSource dataSource) {
		this.chunk = chunk;
		this.item = item;
		this.params = params;
		this.dataSource = dataSource;
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
	public DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public boolean isCancelled() {
		return this.chunk.shouldTaskStop();
	}

}
