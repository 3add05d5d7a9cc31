package dev.workpool.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import dev.workpool.tasks.catalog.TaskCatalog;

import org.springframework.stereotype.Component;

/**
 * Checks a {@link JobSubmission} against the configured limits and its task type, before
 * anything is stored. Field names are those of the HTTP API.
 */
@Component
class SubmissionValidator {

	static final int MAX_NAME_LENGTH = 200;

	static final int MAX_OWNER_LENGTH = 100;

	static final double MAX_BACKOFF_MULTIPLIER = 100.0;

	/** Bytes a MEDIUMTEXT column holds. */
	static final int MAX_JSON_BYTES = 16 * 1024 * 1024 - 1;

	private final JobLimits limits;

	private final TaskCatalog catalog;

	private final JsonText json;

	SubmissionValidator(JobLimits limits, TaskCatalog catalog, JsonText json) {
		this.limits = limits;
		this.catalog = catalog;
		this.json = json;
	}

	/**
	 * Validates the submission except its inputs' values (see {@link #checkInputs}).
	 * @return the submission as it is to be stored: params with their schema's defaults,
	 * the effective task timeout
	 * @throws InvalidJobException for a value outside the limits
	 * @throws dev.workpool.tasks.spi.UnknownTaskTypeException for an unknown task type
	 * @throws dev.workpool.tasks.spi.InvalidTaskArgumentException for params or inputs
	 * the task type refuses
	 */
	JobSubmission validate(JobSubmission submission) {
		if (submission.taskType() == null || submission.taskType().isBlank()) {
			throw new InvalidJobException("task", "must not be blank");
		}
		maxLength("name", submission.name(), MAX_NAME_LENGTH);
		maxLength("owner", submission.owner(), MAX_OWNER_LENGTH);
		JobInputs inputs = submission.inputs();
		if (inputs == null || inputs.size() == 0) {
			throw new InvalidJobException("inputs", "must contain at least one input");
		}
		if (inputs.size() > this.limits.maxInputs()) {
			throw new InvalidJobException("inputs",
					"has " + inputs.size() + " inputs; at most " + this.limits.maxInputs() + " are allowed");
		}
		range("parallelism", submission.parallelism(), this.limits.maxParallelism());
		int chunkSize = (submission.chunkSize() != null) ? submission.chunkSize()
				: JobSubmission.autoChunkSize(inputs.size(), submission.parallelism(), this.limits.maxChunkSize());
		range("chunkSize", chunkSize, this.limits.maxChunkSize());
		range("threadsPerWorker", submission.threadsPerWorker(), JobSubmission.MAX_THREADS_PER_WORKER);
		range("maxAttempts", submission.maxAttempts(), this.limits.maxAttempts());
		Duration timeout = taskTimeout(submission.taskTimeout());
		Map<String, Object> params = this.catalog.checkParams(submission.taskType(), submission.params());
		checkSize("params", this.json.write(params));
		return submission.normalized(params, chunkSize, timeout);
	}

	/**
	 * Checks every input of a {@link #validate validated} submission against its task
	 * type and its params, one at a time, so memory does not grow with their number.
	 * @param digest whether to compute the inputs' SHA-256 for idempotency
	 * @return the inputs' {@link Idempotency.JsonDigest} in hex, or null without
	 * {@code digest}
	 * @throws InvalidJobException naming {@code inputs[i]} for an input larger than a
	 * column holds
	 * @throws dev.workpool.tasks.spi.InvalidTaskArgumentException for an input the task
	 * type refuses
	 */
	String checkInputs(JobSubmission valid, boolean digest) {
		Idempotency.JsonDigest sha256 = digest ? new Idempotency.JsonDigest(this.json) : null;
		valid.inputs().forEach((index, text) -> {
			checkSize("inputs[" + index + "]", text);
			Object input = this.json.read(text);
			this.catalog.checkInput(valid.taskType(), index, input, valid.params());
			if (sha256 != null) {
				sha256.add(input);
			}
		});
		return (sha256 != null) ? sha256.hex() : null;
	}

	private static void checkSize(String field, String json) {
		if (json.length() > MAX_JSON_BYTES / 4 && json.getBytes(StandardCharsets.UTF_8).length > MAX_JSON_BYTES) {
			throw new InvalidJobException(field, "is larger than 16 MB of JSON");
		}
	}

	private Duration taskTimeout(Duration requested) {
		Duration timeout = (requested != null) ? requested : this.limits.defaultTaskTimeout();
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidJobException("taskTimeout", "must be positive but was " + timeout);
		}
		if (timeout.compareTo(this.limits.maxTaskTimeout()) > 0) {
			throw new InvalidJobException("taskTimeout",
					"must be at most " + this.limits.maxTaskTimeout() + " but was " + timeout);
		}
		return timeout;
	}

	/**
	 * The job's retry policy: the submitted backoff with defaults for its missing parts,
	 * and its {@code retryOn} causes (all when it names none).
	 * @throws InvalidJobException naming {@code backoff.initial},
	 * {@code backoff.multiplier}, {@code backoff.max} or {@code retryOn}
	 */
	RetryPolicy retryPolicy(JobSubmission submission) {
		JobSubmission.BackoffSpec spec = submission.backoff();
		Backoff defaults = Backoff.DEFAULT;
		Duration max = (spec != null && spec.max() != null) ? spec.max() : defaults.max();
		if (max.isNegative() || max.isZero() || max.compareTo(this.limits.maxBackoff()) > 0) {
			throw new InvalidJobException("backoff.max",
					"must be positive and at most " + this.limits.maxBackoff() + " but was " + max);
		}
		Duration initial = (spec != null && spec.initial() != null) ? spec.initial()
				: ((defaults.initial().compareTo(max) <= 0) ? defaults.initial() : max);
		if (initial.isNegative() || initial.compareTo(max) > 0) {
			throw new InvalidJobException("backoff.initial",
					"must be between PT0S and backoff.max (" + max + ") but was " + initial);
		}
		double multiplier = (spec != null && spec.multiplier() != null) ? spec.multiplier() : defaults.multiplier();
		if (!(multiplier >= 1.0 && multiplier <= MAX_BACKOFF_MULTIPLIER)) {
			throw new InvalidJobException("backoff.multiplier",
					"must be between 1 and " + MAX_BACKOFF_MULTIPLIER + " but was " + multiplier);
		}
		Set<FailureCause> retryOn = EnumSet.allOf(FailureCause.class);
		if (submission.retryOn() != null) {
			retryOn.clear();
			for (String name : submission.retryOn()) {
				retryOn.add(FailureCause.parse(name, "retryOn"));
			}
		}
		return new RetryPolicy(new Backoff(initial, multiplier, max), retryOn);
	}

	/**
	 * The job's deadline (time from submission), or null for none.
	 * @throws InvalidJobException naming {@code deadline} unless it is positive and
	 * within {@code workpool.jobs.max-deadline}
	 */
	Duration deadline(JobSubmission submission) {
		Duration deadline = submission.deadline();
		if (deadline != null
				&& (deadline.isNegative() || deadline.isZero() || deadline.compareTo(this.limits.maxDeadline()) > 0)) {
			throw new InvalidJobException("deadline",
					"must be positive and at most " + this.limits.maxDeadline() + " but was " + deadline);
		}
		return deadline;
	}

	private static void range(String field, int value, int max) {
		if (value < 1 || value > max) {
			throw new InvalidJobException(field, "must be between 1 and " + max + " but was " + value);
		}
	}

	private static void maxLength(String field, String value, int max) {
		if (value != null && value.length() > max) {
			throw new InvalidJobException(field, "must be at most " + max + " characters long");
		}
	}

}
