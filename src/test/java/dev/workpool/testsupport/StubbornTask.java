package dev.workpool.testsupport;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only task type {@code stubborn}: spins for {@code input} milliseconds and ignores
 * both interrupts and cancellation, like user code that never checks. Only a kill stops
 * it.
 */
public final class StubbornTask implements Task {

	@Override
	public String name() {
		return "stubborn";
	}

	@Override
	public String description() {
		return "Test only: busy-waits for input milliseconds, ignoring cancellation.";
	}

	@Override
	public Object run(Object input, TaskContext context) {
		long until = System.nanoTime() + ((Number) input).longValue() * 1_000_000L;
		long spins = 0;
		while (System.nanoTime() < until) {
			spins++;
			Thread.interrupted();
		}
		return spins > 0;
	}

}
