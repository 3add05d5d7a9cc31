package dev.workpool.worker;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/** Test-only {@code repeat}: returns a string of {@code input} letters x. */
public final class RepeatTask implements Task {

	@Override
	public String name() {
		return "repeat";
	}

	@Override
	public String description() {
		return "Returns input times the letter x (tests only).";
	}

	@Override
	public Object run(Object input, TaskContext context) {
		return "x".repeat(((Number) input).intValue());
	}

}
