package dev.workpool.worker.launcher;

import dev.workpool.worker.protocol.Message;

/**
 * Receives what a worker process reports. Callbacks come from that worker's reader
 * thread, one at a time and in the order the worker sent them; they should be quick. An
 * exception thrown by a callback is logged and ignored.
 */
public interface WorkerListener {

	/** The worker answered Init and waits for work. */
	void onReady(WorkerProcess worker, Message.Ready ready);

	/** A task's result was committed (or refused as STALE, or SKIPPED). */
	void onTaskDone(WorkerProcess worker, Message.TaskDone done);

	/**
	 * A task has been running for a while and the tasks before it in its chunk ended
	 * (their results may still be on their way).
	 */
	default void onTaskRunning(WorkerProcess worker, Message.TaskRunning running) {
	}

	/** The worker is alive. */
	void onHeartbeat(WorkerProcess worker, Message.Heartbeat heartbeat);

	/**
	 * Called exactly once, after the process was reaped and its stdout and stderr were
	 * drained.
	 * @param exitCode the exit status; above 128 means killed by signal (code - 128), see
	 * {@link ExitStatus#describe(int)}
	 * @param fatalReason the reason of a Fatal frame the worker sent, or {@code null}
	 */
	void onExit(WorkerProcess worker, int exitCode, String fatalReason);

}
