package dev.workpool.config;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's task settings ({@code workpool.tasks.*}) as plain JSON values per type:
 * what {@link dev.workpool.tasks.spi.Task#configure} receives in the service and, through
 * the Init frame, in every worker.
 */
final class TaskSettings {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private TaskSettings() {
	}

	/** Settings by task type name. Paths are absolute, sizes in bytes. */
	static Map<String, Map<String, Object>> byType(WorkpoolProperties.Tasks tasks) {
		Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
		tasks.plugins().forEach((type, values) -> settings.put(type, new LinkedHashMap<>(values)));
		settings.put("sql", Map.of("statements", tasks.sql().statements(), "maxRows", tasks.sql().maxRows()));
		settings.put("http", Map.of("allowedHosts", tasks.http().allowedHosts(), "maxResponseBytes",
				tasks.http().maxResponseSize().toBytes()));
		settings.put("command",
				Map.of("allowed", tasks.command().allowed(), "envAllowed", tasks.command().envAllowed(), "workingDir",
						tasks.command().workingDir().toAbsolutePath().normalize().toString(), "maxOutputBytes",
						tasks.command().maxOutputSize().toBytes()));
		return settings;
	}

	/** {@link #byType} as JSON text, for the worker's Init frame. */
	static String json(WorkpoolProperties.Tasks tasks) {
		return JSON.writeValueAsString(byType(tasks));
	}

}
