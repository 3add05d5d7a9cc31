package dev.workpool.testsupport;

import java.util.ArrayList;
import java.util.List;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only task type {@code oom}: allocates until the worker JVM runs out of heap, which
 * {@code -XX:+ExitOnOutOfMemoryError} turns into an exit with status 3.
 */
public final class OutOfMemoryTask implements Task {

	@Override
	public String name() {
		return "oom";
	}

	@Override
	public String description() {
		return "Test only: exhausts the worker's heap.";
	}

	@Override
	public Object run(Object input, TaskContext context) {
		List<long[]> hog = new ArrayList<>();
		while (true) {
			hog.add(new long[1 << 20]);
		}
	}

}
