package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * {@code sleep}: the input is a number of milliseconds; sleeps that long (interruptibly,
 * stopping early on cancel) and returns the input.
 */
public final class SleepTask implements Task {

	static final String NAME = "sleep";

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
	public String inputSchema() {
		return """
				{"type": "integer", "minimum": 0, "maximum": 86400000,
				 "description": "Milliseconds to sleep."}
				""";
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of(), List.of(100, 250, 50));
	}

	@Override
	public Object run(Object input, TaskContext context) throws InterruptedException {
		long deadline = System.nanoTime() + ((Number) input).longValue() * 1_000_000;
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			if (context.isCancelled()) {
				throw new CancellationException("sleep cancelled");
			}
			Thread.sleep(Math.min(SLICE_MILLIS, Math.max(1, remaining / 1_000_000)));
		}
		return input;
	}

}
