package dev.workpool.tasks.builtin;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.workpool.tasks.spi.TaskContext;

/** A {@link TaskContext} for running tasks in unit tests. */
record TestContext(Map<String, Object> params, AtomicBoolean cancelled) implements TaskContext {

	TestContext(Map<String, Object> params) {
		this(params, new AtomicBoolean());
	}

	@Override
	public long jobId() {
		return 1;
	}

	@Override
	public long taskId() {
		return 10;
	}

	@Override
	public int index() {
		return 0;
	}

	@Override
	public int attempt() {
		return 1;
	}

	@Override
	public DataSource dataSource() {
		throw new UnsupportedOperationException("no database in unit tests");
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled.get();
	}

}
