package dev.workpool.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.workpool.jobs.Backoff;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.Job;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.TaskCounts;

/**
 * A job as the API shows it. Durations ({@code taskTimeout}, {@code deadline},
 * {@code backoff.*}) are ISO-8601; {@code deadline} and {@code deadlineAt} are null for a
 * job without one.
 */
record JobResponse(long id, String name, String task, JobStatus status, String statusReason, String owner,
		Map<String, Object> params, int parallelism, int chunkSize, int threadsPerWorker, String taskTimeout,
		int maxAttempts, BackoffResponse backoff, List<String> retryOn, int priority, String deadline,
		Instant deadlineAt, String idempotencyKey, int total, TaskCounts counts, Instant createdAt, Instant startedAt,
		Instant finishedAt) {

	static JobResponse of(Job job) {
		Backoff backoff = job.retry().backoff();
		return new JobResponse(job.id(), job.name(), job.taskType(), job.status(), job.statusReason(), job.owner(),
				job.params(), job.parallelism(), job.chunkSize(), job.threadsPerWorker(), job.taskTimeout().toString(),
				job.maxAttempts(),
				new BackoffResponse(backoff.initial().toString(), backoff.multiplier(), backoff.max().toString()),
				job.retry().retryOn().stream().map(FailureCause::jsonName).toList(), job.priority(),
				(job.deadline() != null) ? job.deadline().after().toString() : null,
				(job.deadline() != null) ? job.deadline().at() : null, job.idempotencyKey(), job.total(), job.counts(),
				job.createdAt(), job.startedAt(), job.finishedAt());
	}

	/** The job's backoff between attempts; durations are ISO-8601. */
	record BackoffResponse(String initial, double multiplier, String max) {
	}

}
