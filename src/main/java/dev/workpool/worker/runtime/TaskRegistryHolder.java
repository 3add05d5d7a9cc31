package dev.workpool.worker.runtime;

import java.util.function.Supplier;

import dev.workpool.tasks.spi.TaskRegistry;

/** Loads the {@link TaskRegistry} once, on first use (on the task thread). */
final class TaskRegistryHolder implements Supplier<TaskRegistry> {

	private final ClassLoader classLoader;

	private TaskRegistry registry;

	TaskRegistryHolder(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public synchronized TaskRegistry get() {
		if (this.registry == null) {
			this.registry = TaskRegistry.load(this.classLoader);
		}
		return this.registry;
	}

}
