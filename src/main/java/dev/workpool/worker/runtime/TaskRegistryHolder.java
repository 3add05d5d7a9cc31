package dev.workpool.worker.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import dev.workpool.tasks.spi.PluginClassLoader;
import dev.workpool.tasks.spi.TaskRegistry;

/**
 * Loads the {@link TaskRegistry} once, on first use: the task types on the worker's class
 * path plus the plugin jars, each configured with the settings from the Init frame.
 */
final class TaskRegistryHolder implements Supplier<TaskRegistry> {

	private final ClassLoader classLoader;

	private final String pluginsDir;

	private final String settingsJson;

	private TaskRegistry registry;

	TaskRegistryHolder(ClassLoader classLoader, String pluginsDir, String settingsJson) {
		this.classLoader = classLoader;
		this.pluginsDir = pluginsDir;
		this.settingsJson = settingsJson;
	}

	@Override
	public synchronized TaskRegistry get() {
		if (this.registry == null) {
			ClassLoader loader = (this.pluginsDir != null)
					? PluginClassLoader.forDirectory(Path.of(this.pluginsDir), this.classLoader) : this.classLoader;
			this.registry = TaskRegistry.load(loader, settings());
		}
		return this.registry;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Map<String, Object>> settings() {
		if (this.settingsJson == null || this.settingsJson.isBlank()) {
			return Map.of();
		}
		return (Map<String, Map<String, Object>>) JsonValues.parse(this.settingsJson);
	}

}
