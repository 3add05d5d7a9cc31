package dev.workpool.jobs;

import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/** Params, inputs and outputs are stored as JSON text; this converts them. */
@Component
class JsonText {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper mapper;

	JsonText(JsonMapper mapper) {
		this.mapper = mapper;
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
