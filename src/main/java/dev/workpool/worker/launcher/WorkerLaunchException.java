package dev.workpool.worker.launcher;

import dev.workpool.WorkpoolException;

/** A worker process could not be started at all (no {@code onExit} follows). */
public class WorkerLaunchException extends WorkpoolException {

	private final String workerId;

	public WorkerLaunchException(String workerId, String problem, Throwable cause) {
		super("Cannot start worker " + workerId + ": " + problem, cause);
		this.workerId = workerId;
	}

	public String workerId() {
		return this.workerId;
	}

}
