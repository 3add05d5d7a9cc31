package dev.workpool.tasks.builtin;

import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

/** Validation helpers shared by the built-in task types. */
final class Arguments {

	private Arguments() {
	}

	/**
	 * Rejects any params field not in {@code allowed}, naming it {@code params.<field>}.
	 */
	static void onlyParams(String taskType, Map<String, Object> params, Set<String> allowed) {
		for (String field : params.keySet()) {
			if (!allowed.contains(field)) {
				throw new InvalidTaskArgumentException(taskType, "params." + field,
						allowed.isEmpty() ? "is not supported: this task type takes no params"
								: "is not supported; supported: " + String.join(", ", allowed));
			}
		}
	}

	/**
	 * The value as a long if it is a JSON integer within {@code min..max}, else throws
	 * with {@code problem}.
	 */
	static long integerIn(Object value, long min, long max, String taskType, String field, String problem) {
		Long number = asLong(value);
		if (number == null || number < min || number > max) {
			throw new InvalidTaskArgumentException(taskType, field, problem);
		}
		return number;
	}

	private static Long asLong(Object value) {
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof BigInteger big && big.bitLength() < 64) {
			return big.longValue();
		}
		return null;
	}

}
