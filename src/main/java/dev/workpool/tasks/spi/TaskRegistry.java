package dev.workpool.tasks.spi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The task types visible to a class loader, found with {@link ServiceLoader}. The service
 * uses it to validate submissions and list the catalogue; each worker uses it to run
 * tasks. Each type is {@linkplain Task#configure configured} once, right after loading.
 */
public final class TaskRegistry {

	/** The origin of task types that ship with Workpool (or sit on its class path). */
	public static final String BUILT_IN = "built-in";

	private final Map<String, Task> tasks;

	private final Map<String, String> origins;

	private TaskRegistry(Map<String, Task> tasks, Map<String, String> origins) {
		this.tasks = Collections.unmodifiableMap(tasks);
		this.origins = Collections.unmodifiableMap(origins);
	}

	/** All task types registered on the given class loader, unconfigured settings. */
	public static TaskRegistry load(ClassLoader classLoader) {
		return load(classLoader, Map.of());
	}

	/**
	 * All task types registered on the given class loader, each configured with its entry
	 * of {@code settings} (an empty map when it has none). Duplicate names and broken
	 * plugins fail fast, naming the culprit.
	 */
	public static TaskRegistry load(ClassLoader classLoader, Map<String, Map<String, Object>> settings) {
		Map<String, Task> found = new TreeMap<>();
		Map<String, String> origins = new TreeMap<>();
		try {
			for (Task task : ServiceLoader.load(Task.class, classLoader)) {
				Task previous = found.putIfAbsent(task.name(), task);
				if (previous != null) {
					throw new IllegalStateException("Task type '" + task.name() + "' is registered twice: by "
							+ describe(previous, classLoader) + " and " + describe(task, classLoader));
				}
				origins.put(task.name(), origin(task, classLoader));
			}
		}
		catch (ServiceConfigurationError ex) {
			throw new IllegalStateException("A task type cannot be loaded: " + ex.getMessage(), ex);
		}
		for (Task task : found.values()) {
			try {
				task.configure(settings.getOrDefault(task.name(), Map.of()));
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("Bad settings for task type '" + task.name() + "' (workpool.tasks."
						+ task.name() + "): " + ex.getMessage(), ex);
			}
		}
		return new TaskRegistry(found, origins);
	}

	/** The task type called {@code name}, or {@link UnknownTaskTypeException}. */
	public Task get(String name) {
		Task task = this.tasks.get(name);
		if (task == null) {
			throw new UnknownTaskTypeException(name, names());
		}
		return task;
	}

	/**
	 * Where the type comes from: {@link #BUILT_IN}, or {@code plugin <jar file name>}.
	 */
	public String origin(String name) {
		get(name);
		return this.origins.get(name);
	}

	/** Names of all task types, sorted. */
	public List<String> names() {
		return new ArrayList<>(this.tasks.keySet());
	}

	/** All task types, sorted by name. */
	public List<Task> all() {
		return new ArrayList<>(this.tasks.values());
	}

	private static String origin(Task task, ClassLoader classLoader) {
		if (classLoader instanceof PluginClassLoader plugins) {
			Path jar = plugins.jarOf(task.getClass());
			if (jar != null) {
				return "plugin " + jar.getFileName();
			}
		}
		return BUILT_IN;
	}

	private static String describe(Task task, ClassLoader classLoader) {
		return task.getClass().getName() + " (" + origin(task, classLoader) + ")";
	}

}
