package dev.workpool.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

import dev.workpool.jobs.JobInputs;
import dev.workpool.jobs.JobSubmission;

/**
 * Body of {@code POST /api/v1/jobs}. Upper limits come from {@code workpool.jobs.*} and
 * are checked by the jobs service.
 *
 * @param name optional label
 * @param task task type name
 * @param params params shared by all tasks
 * @param inputs one JSON value per task, spooled as they are read (close them when done)
 * @param parallelism most tasks running at once
 * @param chunkSize tasks handed to a worker at a time
 * @param threadsPerWorker chunks one worker process runs at once, each on its own thread
 * @param taskTimeout ISO-8601 duration
 * @param maxAttempts failed attempts a task may use up
 * @param priority higher runs first
 * @param backoff wait between attempts of a failed task
 * @param retryOn failure causes that are retried: crash, timeout, error
 * @param deadline ISO-8601 duration from submission after which the job is stopped and
 * FAILED
 */
@Schema(description = "A job: run `task` once per element of `inputs`, at most `parallelism` at a time")
record SubmitJobRequest(@Schema(description = "Optional label", example = "hash uploads") @Size(max = 200) String name,
		@Schema(description = "Task type name", example = "echo",
				requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String task,
		@Schema(description = "Params shared by all tasks; default {}") Map<String, Object> params,
		@ArraySchema(
				arraySchema = @Schema(description = "One JSON value per task; not empty",
						requiredMode = Schema.RequiredMode.REQUIRED),
				schema = @Schema(description = "Any JSON value")) @JsonDeserialize(
						using = InputsDeserializer.class) JobInputs inputs,
		@Schema(description = "Most tasks running at once; default 1", example = "2") @Min(1) Integer parallelism,
		@Schema(description = "Tasks handed to a worker at a time; default ceil(inputs / (4 × parallelism)), "
				+ "at most 1000, as Python's Pool.map picks its chunksize. 1 for long or uneven tasks",
				example = "1") @Min(1) Integer chunkSize,
		@Schema(description = "Tasks one worker process runs at once, each on its own thread (I/O-bound tasks: "
				+ "P=32 need not be 32 JVMs); workers for the job = ceil(parallelism / threadsPerWorker); "
				+ "1 to 64, default 1. May exceed parallelism: a worker never runs more than parallelism "
				+ "tasks of the job at once. Gains nothing for CPU-bound tasks; tasks sharing a worker share "
				+ "its fate (a crash, or a kill for one task's timeout, hands the others back)",
				example = "1") @Min(1) @Max(JobSubmission.MAX_THREADS_PER_WORKER) Integer threadsPerWorker,
		@Schema(description = "Longest one task may run (ISO-8601); default workpool.jobs.default-task-timeout",
				type = "string", example = "PT30S") Duration taskTimeout,
		@Schema(description = "Attempts per task; default 1", example = "1") @Min(1) Integer maxAttempts,
		@Schema(description = "Higher runs first; default 0", example = "0") Integer priority,
		@Schema(description = "Wait before each next attempt of a failed task; "
				+ "default {\"initial\": \"PT1S\", \"multiplier\": 2.0, \"max\": \"PT5M\"}") BackoffRequest backoff,
		@Schema(description = "Failure causes that are retried (crash: the worker died; timeout: over taskTimeout; "
				+ "error: the task threw); any other cause fails the task at once. Default all three",
				example = "[\"crash\", \"error\"]") List<String> retryOn,
		@Schema(description = "The job is stopped and FAILED (DEADLINE_EXCEEDED) this long after submission "
				+ "(ISO-8601); default none, at most workpool.jobs.max-deadline", type = "string",
				example = "PT1H") Duration deadline) {

	JobSubmission toSubmission(String owner) {
		JobSubmission.BackoffSpec backoffSpec = (this.backoff != null)
				? new JobSubmission.BackoffSpec(this.backoff.initial(), this.backoff.multiplier(), this.backoff.max())
				: null;
		return new JobSubmission(this.name, this.task, (this.params != null) ? this.params : Map.of(), this.inputs,
				orDefault(this.parallelism, 1), this.chunkSize,
				orDefault(this.threadsPerWorker, JobSubmission.DEFAULT_THREADS_PER_WORKER), this.taskTimeout,
				orDefault(this.maxAttempts, 1), orDefault(this.priority, 0), owner, backoffSpec, this.retryOn,
				this.deadline);
	}

	/**
	 * The wait before attempt n + 1 of a task is {@code initial × multiplier^(n-1)}, at
	 * most {@code max}, jittered by ±20 %.
	 *
	 * @param initial ISO-8601 duration after the first failure
	 * @param multiplier factor per further failure, 1 to 100
	 * @param max ISO-8601 duration, the longest wait
	 */
	@Schema(description = "Exponential backoff: initial × multiplier^(failures − 1), at most max, jittered ±20 %")
	record BackoffRequest(
			@Schema(description = "Wait after the first failure (ISO-8601); default PT1S", type = "string",
					example = "PT1S") Duration initial,
			@Schema(description = "Factor per further failure, 1 to 100; default 2.0",
					example = "2.0") Double multiplier,
			@Schema(description = "Longest wait (ISO-8601); default PT5M, at most workpool.jobs.max-backoff",
					type = "string", example = "PT5M") Duration max) {
	}

	private static int orDefault(Integer value, int defaultValue) {
		return (value != null) ? value : defaultValue;
	}

}
