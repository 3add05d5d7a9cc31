package dev.workpool.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A job: one task type, shared params and {@code total} inputs, each run as one task.
 *
 * @param id database id
 * @param name optional label given at submission
 * @param owner who submitted it
 * @param taskType name of the {@link dev.workpool.tasks.spi.Task} run for each input
 * @param params params shared by all tasks (plain JSON values)
 * @param parallelism most tasks of this job running at once
 * @param chunkSize tasks handed to a worker at a time
 * @param threadsPerWorker chunks one worker process runs at once, each on its own thread
 * @param taskTimeout longest one task may run
 * @param maxAttempts failed attempts a task may use up
 * @param priority higher runs first
 * @param status life-cycle state
 * @param statusReason why the job reached its status (cancel, failure), or null
 * @param total number of tasks (inputs)
 * @param counts tasks per task status
 * @param createdAt submission time
 * @param startedAt when the first task was claimed, or null
 * @param finishedAt when the job reached a final status, or null
 * @param version optimistic-locking version of the jobs row
 * @param retry backoff between attempts and the failure causes that are retried
 * @param deadline when the job is stopped and FAILED, or null for none
 * @param idempotencyKey the {@code Idempotency-Key} it was submitted with, or null
 */
public record Job(long id, String name, String owner, String taskType, Map<String, Object> params, int parallelism,
		int chunkSize, int threadsPerWorker, Duration taskTimeout, int maxAttempts, int priority, JobStatus status,
		String statusReason, int total, TaskCounts counts, Instant createdAt, Instant startedAt, Instant finishedAt,
		long version, RetryPolicy retry, JobDeadline deadline, String idempotencyKey) {

	/**
	 * Checks that this job may move to {@code next}.
	 * @throws IllegalJobTransitionException if {@link JobStatus#canMoveTo} refuses it
	 */
	public void requireCanMoveTo(JobStatus next) {
		if (!this.status.canMoveTo(next)) {
			throw new IllegalJobTransitionException(this.id, this.status, next);
		}
	}

	Job withCounts(TaskCounts counts) {
		return new Job(this.id, this.name, this.owner, this.taskType, this.params, this.parallelism, this.chunkSize,
				this.threadsPerWorker, this.taskTimeout, this.maxAttempts, this.priority, this.status,
				this.statusReason, this.total, counts, this.createdAt, this.startedAt, this.finishedAt, this.version,
				this.retry, this.deadline, this.idempotencyKey);
	}

}
