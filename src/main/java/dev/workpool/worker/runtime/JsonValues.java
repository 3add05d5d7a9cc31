package dev.workpool.worker.runtime;

import java.util.Collections;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON text to plain Java values ({@code null}, Boolean, Number, String, List, Map) and
 * back, with Jackson 3.
 */
final class JsonValues {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private JsonValues() {
	}

	/** Parses one JSON value; {@code null} text is the JSON {@code null}. */
	static Object parse(String json) {
		return (json != null) ? MAPPER.readValue(json, Object.class) : null;
	}

	/** Parses a job's params: a JSON object, or nothing at all (empty params). */
	@SuppressWarnings("unchecked")
	static Map<String, Object> parseParams(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		Object value = parse(json);
		if (value == null) {
			return Map.of();
		}
		if (!(value instanceof Map)) {
			throw new IllegalArgumentException("params must be a JSON object, not " + json);
		}
		return Collections.unmodifiableMap((Map<String, Object>) value);
	}

	/**
	 * Binds a plain JSON value (maps, lists, scalars) to {@code type}.
	 * @throws IllegalArgumentException if it does not fit
	 */
	static <T> T convert(Object value, Class<T> type) {
		try {
			return MAPPER.convertValue(value, type);
		}
		catch (tools.jackson.core.JacksonException ex) {
			throw new IllegalArgumentException("params do not fit " + type.getSimpleName() + ": " + ex.getMessage(),
					ex);
		}
	}

	/** The value as UTF-8 JSON text. */
	static byte[] write(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

}
