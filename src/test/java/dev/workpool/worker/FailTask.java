package dev.workpool.worker;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only {@code fail}: always throws {@code IllegalStateException("boom <input>")}.
 */
public final class FailTask implements Task {

	@Override
	public String name() {
		return "fail";
	}

	@Override
	public String description() {
		return "Always fails (tests only).";
	}

	@Override
	public Object run(Object input, TaskContext context) {
		throw new IllegalStateException("boom " + input);
	}

}
