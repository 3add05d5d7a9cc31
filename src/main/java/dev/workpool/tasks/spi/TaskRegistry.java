package dev.workpool.tasks.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The task types visible to a class loader, found with {@link ServiceLoader}. The service
 * uses it to validate submissions; each worker uses it to run tasks.
 */
public final class TaskRegistry {

	private final Map<String, Task> tasks;

	private TaskRegistry(Map<String, Task> tasks) {
		this.tasks = Collections.unmodifiableMap(tasks);
	}

	/** All task types registered on the given class loader. Duplicate names fail fast. */
	public static TaskRegistry load(ClassLoader classLoader) {
		Map<String, Task> found = new TreeMap<>();
		for (Task task : ServiceLoader.load(Task.class, classLoader)) {
			Task previous = found.putIfAbsent(task.name(), task);
			if (previous != null) {
				throw new IllegalStateException("Task type '" + task.name() + "' is registered twice: by "
						+ previous.getClass().getName() + " and " + task.getClass().getName());
			}
		}
		return new TaskRegistry(found);
	}

	/** The task type called {@code name}, or {@link UnknownTaskTypeException}. */
	public Task get(String name) {
		Task task = this.tasks.get(name);
		if (task == null) {
			throw new UnknownTaskTypeException(name, names());
		}
		return task;
	}

	/** Names of all task types, sorted. */
	public List<String> names() {
		return new ArrayList<>(this.tasks.keySet());
	}

	/** All task types, sorted by name. */
	public List<Task> all() {
		return new ArrayList<>(this.tasks.values());
	}

}
