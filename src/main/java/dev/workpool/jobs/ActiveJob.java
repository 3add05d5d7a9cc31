package dev.workpool.jobs;

import java.time.Duration;

/**
 * What the dispatcher needs to know about a job that may still have work: QUEUED, RUNNING
 * or CANCELLING.
 *
 * @param threadsPerWorker chunks one worker process runs at once, each on its own thread
 * ("lanes"); may exceed {@code parallelism}, which still bounds the job's running chunks
 * @param retry backoff and retried failure causes of its tasks
 * @param pastDeadline its deadline has passed by the database's clock when it was read
 */
public record ActiveJob(long id, String taskType, String paramsJson, int parallelism, int chunkSize,
		int threadsPerWorker, Duration taskTimeout, int maxAttempts, int priority, JobStatus status, RetryPolicy retry,
		boolean pastDeadline) {

	public ActiveJob withStatus(JobStatus newStatus) {
		return new ActiveJob(this.id, this.taskType, this.paramsJson, this.parallelism, this.chunkSize,
				this.threadsPerWorker, this.taskTimeout, this.maxAttempts, this.priority, newStatus, this.retry,
				this.pastDeadline);
	}

}
