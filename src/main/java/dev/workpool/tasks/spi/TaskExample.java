package dev.workpool.tasks.spi;

import java.util.List;
import java.util.Map;

/**
 * An example job of a task type, for the catalogue and Swagger UI.
 *
 * @param params the job's params
 * @param inputs a few inputs
 */
public record TaskExample(Map<String, Object> params, List<Object> inputs) {

	public TaskExample {
		params = Map.copyOf(params);
		inputs = List.copyOf(inputs);
	}

}
