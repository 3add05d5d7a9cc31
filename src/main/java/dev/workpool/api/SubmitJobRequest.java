package dev.workpool.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import dev.workpool.jobs.JobSubmission;

/**
 * Body of {@code POST /api/v1/jobs}. Upper limits come from {@code workpool.jobs.*} and
 * are checked by the jobs service.
 *
 * @param name optional label
 * @param task task type name
 * @param params params shared by all tasks
 * @param inputs one JSON value per task
 * @param parallelism most tasks running at once
 * @param chunkSize tasks handed to a worker at a time
 * @param taskTimeout ISO-8601 duration
 * @param maxAttempts failed attempts a task may use up
 * @param priority higher runs first
 */
@Schema(description = "A job: run `task` once per element of `inputs`, at most `parallelism` at a time")
record SubmitJobRequest(@Schema(description = "Optional label", example = "hash uploads") @Size(max = 200) String name,
		@Schema(description = "Task type name", example = "echo",
				requiredMode = Schema.RequiredMode.REQUIRED) @NotBlank String task,
		@Schema(description = "Params shared by all tasks; default {}") Map<String, Object> params,
		@Schema(description = "One JSON value per task; not empty",
				requiredMode = Schema.RequiredMode.REQUIRED) @NotEmpty List<Object> inputs,
		@Schema(description = "Most tasks running at once; default 1", example = "2") @Min(1) Integer parallelism,
		@Schema(description = "Tasks handed to a worker at a time; default 1", example = "1") @Min(1) Integer chunkSize,
		@Schema(description = "Longest one task may run (ISO-8601); default workpool.jobs.default-task-timeout",
				type = "string", example = "PT30S") Duration taskTimeout,
		@Schema(description = "Attempts per task; default 1", example = "1") @Min(1) Integer maxAttempts,
		@Schema(description = "Higher runs first; default 0", example = "0") Integer priority) {

	JobSubmission toSubmission(String owner) {
		return new JobSubmission(this.name, this.task, (this.params != null) ? this.params : Map.of(), this.inputs,
				orDefault(this.parallelism, 1), orDefault(this.chunkSize, 1), this.taskTimeout,
				orDefault(this.maxAttempts, 1), orDefault(this.priority, 0), owner);
	}

	private static int orDefault(Integer value, int defaultValue) {
		return (value != null) ? value : defaultValue;
	}

}
