package dev.workpool.jobs;

/**
 * State of one task (one input of a job).
 * <ul>
 * <li>QUEUED: waiting to be claimed (also after a retry).</li>
 * <li>RUNNING: claimed by a node; {@code attempt} is the claim's fencing epoch.</li>
 * <li>SUCCEEDED / FAILED / CANCELLED: final; the result is recorded once.</li>
 * </ul>
 */
public enum TaskStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
