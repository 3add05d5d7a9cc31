package dev.workpool.api;

import java.time.Instant;
import java.util.Map;

import dev.workpool.jobs.Job;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.TaskCounts;

/** A job as the API shows it. {@code taskTimeout} is an ISO-8601 duration. */
record JobResponse(long id, String name, String task, JobStatus status, String statusReason, String owner,
		Map<String, Object> params, int parallelism, int chunkSize, String taskTimeout, int maxAttempts, int priority,
		int total, TaskCounts counts, Instant createdAt, Instant startedAt, Instant finishedAt) {

	static JobResponse of(Job job) {
		return new JobResponse(job.id(), job.name(), job.taskType(), job.status(), job.statusReason(), job.owner(),
				job.params(), job.parallelism(), job.chunkSize(), job.taskTimeout().toString(), job.maxAttempts(),
				job.priority(), job.total(), job.counts(), job.createdAt(), job.startedAt(), job.finishedAt());
	}

}
