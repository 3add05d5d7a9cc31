package dev.workpool.tasks.builtin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * {@code hash}: CPU-bound. SHA-256 of the input's UTF-8 bytes (a string as is, any other
 * value as its JSON text), then of each previous digest, {@code params.rounds} times in
 * all; returns the last digest as lowercase hex.
 */
public final class HashTask implements Task {

	static final String NAME = "hash";

	static final long MAX_ROUNDS = 10_000_000;

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
	public void validateParams(Map<String, Object> params) {
		Arguments.onlyParams(NAME, params, Set.of("rounds"));
		rounds(params);
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
		if (!params.containsKey("rounds")) {
			return 1;
		}
		return Arguments.integerIn(params.get("rounds"), 1, MAX_ROUNDS, NAME, "params.rounds",
				"must be an integer between 1 and 10000000");
	}

}
