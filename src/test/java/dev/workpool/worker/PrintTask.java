package dev.workpool.worker;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/** Test-only {@code print}: writes about 1 MB to System.out and to System.err. */
public final class PrintTask implements Task {

	@Override
	public String name() {
		return "print";
	}

	@Override
	public String description() {
		return "Prints 1 MB to stdout and stderr (tests only).";
	}

	@Override
	public Object run(Object input, TaskContext context) {
		String line = "x".repeat(64 * 1024);
		for (int i = 0; i < 16; i++) {
			System.out.println("stdout " + line);
			System.err.println("stderr " + line);
		}
		System.out.print("\u0000\u0000\u0000\u0005\u000bjunk"); // looks like a frame
																// header
		System.out.println();
		System.err.println("print-task-done " + input);
		return input;
	}

}
