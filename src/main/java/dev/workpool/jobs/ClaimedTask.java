package dev.workpool.jobs;

/**
 * A task this node claimed: it is RUNNING with {@code attempt} as the claim's fencing
 * epoch.
 */
public record ClaimedTask(long taskId, long jobId, int index, int attempt, int failures, String inputJson) {

	public TaskRef ref() {
		return new TaskRef(this.taskId, this.attempt);
	}

}
