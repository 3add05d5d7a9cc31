package dev.workpool.tasks.builtin;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

/**
 * Reads params and operator settings, which are plain JSON values (parsed by Jackson in a
 * worker, built by the service's configuration otherwise).
 */
final class ParamValues {

	private ParamValues() {
	}

	/**
	 * An ISO-8601 duration ({@code PT10S}) above zero and at most {@code max}, or
	 * {@code fallback} when absent.
	 * @throws InvalidTaskArgumentException naming {@code field}
	 */
	static Duration duration(String type, String field, Object value, Duration fallback, Duration max) {
		if (value == null) {
			return fallback;
		}
		Duration duration;
		try {
			duration = Duration.parse(value.toString());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidTaskArgumentException(type, field,
					"must be an ISO-8601 duration such as PT10S but was '" + value + "'");
		}
		if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
			throw new InvalidTaskArgumentException(type, field,
					"must be above zero and at most " + max + " but was " + duration);
		}
		return duration;
	}

	/** A list of strings (each element's text), or an empty list. */
	static List<String> strings(Object value) {
		List<String> strings = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach((element) -> strings.add(String.valueOf(element)));
		}
		return strings;
	}

	/** A string-to-string map (each value's text), or an empty map. */
	static Map<String, String> stringMap(Object value) {
		Map<String, String> map = new LinkedHashMap<>();
		if (value instanceof Map<?, ?> given) {
			given.forEach((key, element) -> map.put(String.valueOf(key), String.valueOf(element)));
		}
		return map;
	}

	/** A whole number, or {@code fallback} when absent. */
	static long number(Object value, long fallback) {
		return (value instanceof Number number) ? number.longValue() : fallback;
	}

	/** A boolean, or {@code fallback} when absent. */
	static boolean bool(Object value, boolean fallback) {
		return (value instanceof Boolean bool) ? bool : fallback;
	}

}
