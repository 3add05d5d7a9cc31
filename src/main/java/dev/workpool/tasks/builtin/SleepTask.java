package dev.workpool.tasks.builtin;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * {@code sleep}: the input is a number of milliseconds; sleeps that long (interruptibly,
 * stopping early on cancel) and returns the input.
 */
public final class SleepTask implements Task {

	static final String NAME = "sleep";

	static final long MAX_MILLIS = 86_400_000;

	private static final long SLICE_MILLIS = 100;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Sleeps for the input's number of milliseconds (0 to 86400000) and returns it.";
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		Arguments.onlyParams(NAME, params, Set.of());
	}

	@Override
	public void validateInput(int index, Object input) {
		millis(index, input);
	}

	@Override
	public Object run(Object input, TaskContext context) throws InterruptedException {
		long deadline = System.nanoTime() + millis(context.index(), input) * 1_000_000;
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			if (context.isCancelled()) {
				throw new CancellationException("sleep cancelled");
			}
			Thread.sleep(Math.min(SLICE_MILLIS, Math.max(1, remaining / 1_000_000)));
		}
		return input;
	}

	private static long millis(int index, Object input) {
		return Arguments.integerIn(input, 0, MAX_MILLIS, NAME, "inputs[" + index + "]",
				"must be an integer number of milliseconds between 0 and 86400000");
	}

}
