package dev.workpool.tasks.builtin;

import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * {@code echo}: returns its input unchanged. With {@code params.log = true} it also
 * appends the input to the job log as one entry, so log throughput and integrity can be
 * exercised through the public API alone.
 */
public final class EchoTask implements Task {

	static final String NAME = "echo";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Returns its input unchanged; with params.log = true also writes it to the job log.";
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		Arguments.onlyParams(NAME, params, Set.of("log"));
		Object log = params.get("log");
		if (log != null && !(log instanceof Boolean)) {
			throw new InvalidTaskArgumentException(NAME, "params.log", "must be true or false");
		}
	}

	@Override
	public Object run(Object input, TaskContext context) {
		if (Boolean.TRUE.equals(context.params().get("log"))) {
			context.log((input instanceof String text) ? text : JSON.writeValueAsString(input));
		}
		return input;
	}

}
