package dev.workpool.testsupport;

import java.util.Map;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only task type {@code chatty}: prints {@code lines} numbered lines to stdout, one
 * line to stderr, then {@code rawBytes} bytes without any newline, and returns at once.
 * With {@code "library": true} it also logs a line through SLF4J first, the way a library
 * (HikariCP starting the worker's pool inside a task) does: that line belongs to the
 * worker's own log, not to the task's output. With {@code pauseMs} it sleeps that long
 * after each numbered line (tasks running at once on one worker then interleave).
 */
public final class ChattyTask implements Task {

	@Override
	public String name() {
		return "chatty";
	}

	@Override
	public String description() {
		return "Test only: prints to stdout and stderr.";
	}

	@Override
	public Object run(Object input, TaskContext context) throws InterruptedException {
		Map<?, ?> spec = (Map<?, ?>) input;
		int lines = ((Number) spec.get("lines")).intValue();
		int rawBytes = ((Number) spec.get("rawBytes")).intValue();
		if (Boolean.TRUE.equals(spec.get("library"))) {
			org.slf4j.LoggerFactory.getLogger("com.example.library").warn("library line from task {}", context.index());
		}
		long pauseMs = (spec.get("pauseMs") instanceof Number pause) ? pause.longValue() : 0;
		for (int i = 0; i < lines; i++) {
			System.out.println("out " + context.index() + " line " + i);
			if (pauseMs > 0) {
				Thread.sleep(pauseMs);
			}
		}
		System.err.println("err " + context.index());
		byte[] chunk = new byte[8192];
		java.util.Arrays.fill(chunk, (byte) 'x');
		for (int written = 0; written < rawBytes; written += chunk.length) {
			System.out.write(chunk, 0, Math.min(chunk.length, rawBytes - written));
		}
		return lines;
	}

}
