package dev.workpool.tasks.builtin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * {@code hash}: CPU-bound. SHA-256 of the input's UTF-8 bytes (a string as is, any other
 * value as its JSON text), then of each previous digest, {@code params.rounds} times in
 * all; returns the last digest as lowercase hex.
 */
public final class HashTask implements Task {

	static final String NAME = "hash";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Iterated SHA-256 of the input (params.rounds times, default 1); returns lowercase hex.";
	}

	@Override
	public String paramsSchema() {
		return """
				{"type": "object", "additionalProperties": false,
				 "properties": {
				   "rounds": {"type": "integer", "minimum": 1, "maximum": 10000000, "default": 1,
				              "description": "How many times to apply SHA-256."}}}
				""";
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of("rounds", 1000), List.of("alpha", "beta", "gamma"));
	}

	@Override
	public Object run(Object input, TaskContext context) throws NoSuchAlgorithmException {
		long rounds = rounds(context.params());
		byte[] bytes = (input instanceof String text) ? text.getBytes(StandardCharsets.UTF_8)
				: JSON.writeValueAsBytes(input);
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (long round = 1; round <= rounds; round++) {
			bytes = sha256.digest(bytes);
			if (round % 65_536 == 0 && (context.isCancelled() || Thread.currentThread().isInterrupted())) {
				throw new CancellationException("hash cancelled after " + round + " rounds");
			}
		}
		return HexFormat.of().formatHex(bytes);
	}

	private static long rounds(Map<String, Object> params) {
		return (params.get("rounds") instanceof Number rounds) ? rounds.longValue() : 1;
	}

}
