package dev.workpool.tasks.builtin;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/** A {@link TaskContext} for running tasks in unit tests. */
record TestContext(Map<String, Object> params, AtomicBoolean cancelled, List<String> logged) implements TaskContext {

	TestContext(Map<String, Object> params) {
		this(params, new AtomicBoolean(), new CopyOnWriteArrayList<>());
	}

	TestContext(Map<String, Object> params, AtomicBoolean cancelled) {
		this(params, cancelled, new CopyOnWriteArrayList<>());
	}

	@Override
	public void log(String level, String message) {
		this.logged.add(level + " " + message);
	}

	@Override
	public void logAll(String level, List<String> messages) {
		messages.forEach((message) -> log(level, message));
	}

	@Override
	public <T> T withLock(String name, Duration timeout, Supplier<T> action) {
		return action.get();
	}

	@Override
	public <P> P params(Class<P> type) {
		return tools.jackson.databind.json.JsonMapper.builder().build().convertValue(this.params, type);
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
	public Connection connection() {
		throw new UnsupportedOperationException("no database in unit tests");
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled.get();
	}

	/**
	 * The field {@code task} names when it refuses {@code params}, or null when it
	 * accepts them.
	 */
	static String refusedField(Task task, Map<String, Object> params) {
		try {
			task.validateParams(params);
		}
		catch (InvalidTaskArgumentException ex) {
			return ex.field();
		}
		return null;
	}

}
