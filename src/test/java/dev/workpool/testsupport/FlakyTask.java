package dev.workpool.testsupport;

import java.util.Map;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only task type {@code flaky}: input {@code {"fail": n, "how": "error"}} fails its
 * first {@code n} attempts (by claim epoch, {@link TaskContext#attempt()}), then returns
 * the attempt number. {@code how} is the failure cause: {@code error} throws,
 * {@code crash} halts the worker JVM (exit status 42), {@code hang} busy-waits ignoring
 * interrupts and cancellation until its worker is killed (a timeout).
 */
public final class FlakyTask implements Task {

	/** Exit status of a worker halted by {@code "how": "crash"}. */
	public static final int CRASH_EXIT_STATUS = 42;

	@Override
	public String name() {
		return "flaky";
	}

	@Override
	public String description() {
		return "Test only: fails its first n attempts by error, crash or hang.";
	}

	@Override
	public Object run(Object input, TaskContext context) {
		Map<?, ?> spec = (Map<?, ?>) input;
		int fail = ((Number) spec.get("fail")).intValue();
		if (context.attempt() > fail) {
			return context.attempt();
		}
		String how = String.valueOf(spec.get("how"));
		switch (how) {
			case "crash" -> Runtime.getRuntime().halt(CRASH_EXIT_STATUS);
			case "hang" -> hang();
			default -> throw new IllegalStateException("flaky failure of attempt " + context.attempt());
		}
		return context.attempt();
	}

	private static void hang() {
		long until = System.nanoTime() + 120_000_000_000L;
		while (System.nanoTime() < until) {
			Thread.interrupted();
		}
	}

}
