package dev.workpool.tasks.builtin;

import java.util.Map;
import java.util.Set;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/** {@code echo}: returns its input unchanged. */
public final class EchoTask implements Task {

	static final String NAME = "echo";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Returns its input unchanged.";
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		Arguments.onlyParams(NAME, params, Set.of());
	}

	@Override
	public Object run(Object input, TaskContext context) {
		return input;
	}

}
