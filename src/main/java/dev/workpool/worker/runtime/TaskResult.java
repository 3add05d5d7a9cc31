package dev.workpool.worker.runtime;

import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;

/**
 * What running one task produced, waiting to be recorded.
 *
 * @param taskId row id
 * @param attempt the claim's fencing epoch
 * @param outcome SUCCEEDED, FAILED, RETRY, CANCELLED (written) or SKIPPED (not written)
 * @param output output JSON text (SUCCEEDED only)
 * @param error error text (FAILED, RETRY, CANCELLED)
 * @param startNanos {@link System#nanoTime()} when the task started
 * @param durationMicros how long the task ran
 */
record TaskResult(long taskId, int attempt, TaskOutcome outcome, String output, String error, long startNanos,
		long durationMicros) {

	/** Longest error text stored. */
	static final int MAX_ERROR_CHARS = 8000;

	static TaskResult succeeded(TaskItem item, String output, long startNanos, long durationMicros) {
		return new TaskResult(item.taskId(), item.attempt(), TaskOutcome.SUCCEEDED, output, null, startNanos,
				durationMicros);
	}

	static TaskResult failed(TaskItem item, int maxAttempts, Throwable failure, long startNanos, long durationMicros) {
		TaskOutcome outcome = (item.failures() + 1 >= maxAttempts) ? TaskOutcome.FAILED : TaskOutcome.RETRY;
		return new TaskResult(item.taskId(), item.attempt(), outcome, null, errorText(failure), startNanos,
				durationMicros);
	}

	static TaskResult cancelled(TaskItem item, long startNanos, long durationMicros) {
		return new TaskResult(item.taskId(), item.attempt(), TaskOutcome.CANCELLED, null, "cancelled", startNanos,
				durationMicros);
	}

	static TaskResult skipped(TaskItem item) {
		return new TaskResult(item.taskId(), item.attempt(), TaskOutcome.SKIPPED, null, null, System.nanoTime(), 0);
	}

	/** Whether this result is written to the database (SKIPPED is not). */
	boolean isWritten() {
		return this.outcome != TaskOutcome.SKIPPED;
	}

	/** {@code SimpleName: message}, at most {@value #MAX_ERROR_CHARS} characters. */
	static String errorText(Throwable failure) {
		String text = failure.getClass().getSimpleName();
		if (failure.getMessage() != null) {
			text += ": " + failure.getMessage();
		}
		return (text.length() > MAX_ERROR_CHARS) ? text.substring(0, MAX_ERROR_CHARS) : text;
	}

}
