package dev.workpool.worker.launcher;

import dev.workpool.WorkpoolException;

/**
 * A message could not be sent because the worker's stdin is closed (the process exited or
 * is exiting). The worker's {@link WorkerListener#onExit onExit} follows.
 */
public class WorkerUnavailableException extends WorkpoolException {

	private final String workerId;

	private final long pid;

	public WorkerUnavailableException(String workerId, long pid, Throwable cause) {
		super("Worker " + workerId + " (pid " + pid + ") is not reachable: " + cause.getMessage(), cause);
		this.workerId = workerId;
		this.pid = pid;
	}

	public String workerId() {
		return this.workerId;
	}

	public long pid() {
		return this.pid;
	}

}
