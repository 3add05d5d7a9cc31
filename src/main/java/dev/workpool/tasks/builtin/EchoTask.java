package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

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
	public String paramsSchema() {
		return """
				{"type": "object", "additionalProperties": false,
				 "properties": {
				   "log": {"type": "boolean", "default": false,
				           "description": "Also append each input to the job log, as one entry."}}}
				""";
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of("log", false), List.of("alpha", "beta", Map.of("n", 3)));
	}

	@Override
	public Object run(Object input, TaskContext context) {
		if (Boolean.TRUE.equals(context.params().get("log"))) {
			context.log((input instanceof String text) ? text : JSON.writeValueAsString(input));
		}
		return input;
	}

}
