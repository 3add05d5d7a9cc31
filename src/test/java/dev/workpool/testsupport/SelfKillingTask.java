package dev.workpool.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test task type {@code self-kill}: kills its own worker with SIGKILL at a chosen moment.
 * Input {@code {"log": "marker"}}: logs the marker, and the moment {@code log} returns
 * sends {@code kill -9} to its own process. Input {@code {"lock": "name", "holdMillis":
 * n}}: takes the task lock {@code name}, holds it {@code n} ms, then kills itself while
 * still holding it. Input {@code {"lock": "name"}} alone: takes the lock (waiting up to
 * 60 s) and returns the wall-clock millisecond it got it.
 */
public final class SelfKillingTask implements Task {

	@Override
	public String name() {
		return "self-kill";
	}

	@Override
	public String description() {
		return "Test only: kills its own worker with SIGKILL right after log() or while holding a lock.";
	}

	@Override
	public Object run(Object input, TaskContext context) throws Exception {
		Map<?, ?> spec = (Map<?, ?>) input;
		if (spec.get("log") instanceof String marker) {
			context.log(marker);
			killSelf();
		}
		String lock = (String) spec.get("lock");
		if (spec.get("holdMillis") instanceof Number hold) {
			return context.withLock(lock, Duration.ofSeconds(60), () -> {
				try {
					Thread.sleep(hold.longValue());
					killSelf();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				return null;
			});
		}
		return context.withLock(lock, Duration.ofSeconds(60), System::currentTimeMillis);
	}

	private static void killSelf() throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
		Thread.sleep(60_000);
		throw new IllegalStateException("still alive after kill -9");
	}

}
