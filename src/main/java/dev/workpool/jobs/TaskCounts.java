package dev.workpool.jobs;

import java.util.Map;

/**
 * How many of a job's tasks are in each {@link TaskStatus}.
 *
 * @param queued waiting to be claimed
 * @param running claimed by a worker
 * @param succeeded finished with an output
 * @param failed finished with an error after all attempts
 * @param cancelled cancelled before they finished
 */
public record TaskCounts(int queued, int running, int succeeded, int failed, int cancelled) {

	public static final TaskCounts NONE = new TaskCounts(0, 0, 0, 0, 0);

	static TaskCounts of(Map<TaskStatus, Integer> counts) {
		return new TaskCounts(counts.getOrDefault(TaskStatus.QUEUED, 0), counts.getOrDefault(TaskStatus.RUNNING, 0),
				counts.getOrDefault(TaskStatus.SUCCEEDED, 0), counts.getOrDefault(TaskStatus.FAILED, 0),
				counts.getOrDefault(TaskStatus.CANCELLED, 0));
	}

}
