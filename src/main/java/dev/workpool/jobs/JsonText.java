package dev.workpool.jobs;

import java.io.OutputStream;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Params, inputs and outputs are stored as JSON text; this converts them. */
@Component
class JsonText {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	/** Writes object keys (also of nested maps) in sorted order. */
	private final JsonMapper canonical;

	JsonText(JsonMapper mapper) {
		this.mapper = mapper;
		this.canonical = mapper.rebuild().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
	}

	/** Canonical JSON (map keys sorted) of {@code value} into {@code out}. */
	void writeCanonical(OutputStream out, Object value) {
		this.canonical.writeValue(out, value);
	}

	String write(Object value) {
		return this.mapper.writeValueAsString(value);
	}

	Object read(String text) {
		return (text != null) ? this.mapper.readValue(text, Object.class) : null;
	}

	Map<String, Object> readMap(String text) {
		return this.mapper.readValue(text, MAP);
	}

}
