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
 * @param retryDelayMicros RETRY only: the task is not claimed again before this many
 * microseconds have passed (its backoff)
 */
record TaskResult(long taskId, int attempt, TaskOutcome outcome, String output, String error, long startNanos,
		long durationMicros, long retryDelayMicros) {

	/** Longest error text stored. */
	static final int MAX_ERROR_CHARS = 8000;

	static TaskResult succeeded(TaskItem item, String output, long startNanos, long durationMicros) {
		return new TaskResult(item.taskId(), item.attempt(), TaskOutcome.SUCCEEDED, output, null, startNanos,
				durationMicros, 0);
	}

	static TaskResult failed(TaskItem item, int maxAttempts, Throwable failure, long startNanos, long durationMicros) {
		return failed(item, maxAttempts, true, failure, startNanos, durationMicros);
	}

	/**
	 * A failed attempt: RETRY (after the item's backoff) when {@code retryable} and
	 * attempts remain, else FAILED.
	 * @param retryable whether the job retries this kind of failure (its retryOn)
	 */
	static TaskResult failed(TaskItem item, int maxAttempts, boolean retryable, Throwable failure, long startNanos,
			long durationMicros) {
		boolean retry = retryable && item.failures() + 1 < maxAttempts;
		return new TaskResult(item.taskId(), item.attempt(), retry ? TaskOutcome.RETRY : TaskOutcome.FAILED, null,
				errorText(failure), startNanos, durationMicros, retry ? item.retryDelayMicros() : 0);
	}

	static TaskResult cancelled(TaskItem item, long startNanos, long durationMicros) {
		return new TaskResult(item.taskId(), item.attempt(), TaskOutcome.CANCELLED, null, "cancelled", startNanos,
				durationMicros, 0);
	}

	static TaskResult skipped(TaskItem item) {
		return new TaskResult(item.taskId(), item.attempt(), TaskOutcome.SKIPPED, null, null, System.nanoTime(), 0, 0);
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
