package dev.workpool.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;

/** Names JSON paths and expected JSON types for error messages. */
final class JsonTypes {

	private JsonTypes() {
	}

	/**
	 * The path of the failing value, such as {@code params.rounds} or {@code inputs[2]}.
	 */
	static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? path.toString() : "body";
	}

	/** The JSON type a Java type is read from, for messages like "must be a number". */
	static String describe(Class<?> type) {
		if (type == null) {
			return "a value of another type";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "an integer";
		}
		if (Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == Duration.class) {
			return "an ISO-8601 duration such as \"PT30S\"";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		if (type.isEnum()) {
			return "one of " + Arrays.toString(type.getEnumConstants());
		}
		if (Map.class.isAssignableFrom(type) || type.isRecord()) {
			return "an object";
		}
		return "a value of another type";
	}

}
