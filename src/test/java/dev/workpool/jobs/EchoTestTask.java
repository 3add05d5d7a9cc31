package dev.workpool.jobs;

import java.util.Map;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only task type {@code echo-test}: returns its input. Its optional param
 * {@code rounds} must be a positive integer, and an input may not be the string
 * {@code "reject-me"}, so tests can see task-level validation.
 */
public final class EchoTestTask implements Task {

	public static final String NAME = "echo-test";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Returns its input (tests only)";
	}

	/** Any params object; {@code rounds} is checked by {@link #validateParams}. */
	@Override
	public String paramsSchema() {
		return "{\"type\": \"object\"}";
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		Object rounds = params.get("rounds");
		if (rounds != null && !(rounds instanceof Integer value && value > 0)) {
			throw new InvalidTaskArgumentException(NAME, "params.rounds", "must be a positive integer");
		}
	}

	@Override
	public void validateInput(int index, Object input) {
		if ("reject-me".equals(input)) {
			throw new InvalidTaskArgumentException(NAME, "inputs[" + index + "]", "is refused");
		}
	}

	@Override
	public Object run(Object input, TaskContext context) {
		return input;
	}

}
