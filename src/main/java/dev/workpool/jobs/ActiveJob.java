package dev.workpool.jobs;

import java.time.Duration;

/**
 * What the dispatcher needs to know about a job that may still have work: QUEUED, RUNNING
 * or CANCELLING.
 */
public record ActiveJob(long id, String taskType, String paramsJson, int parallelism, int chunkSize,
		Duration taskTimeout, int maxAttempts, int priority, JobStatus status) {
}
