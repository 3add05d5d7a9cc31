package dev.workpool.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A request to run {@code taskType} once per input. Checked by
 * {@link JobService#submit(JobSubmission)} before anything is stored.
 *
 * @param name optional label
 * @param taskType the task type name
 * @param params params shared by all tasks; null means none
 * @param inputs one plain JSON value per task; must not be empty
 * @param parallelism most tasks running at once
 * @param chunkSize tasks handed to a worker at a time; null means {@link #autoChunkSize
 * about inputs / (4 × parallelism)}, as Python's {@code Pool.map} picks its chunksize
 * @param threadsPerWorker chunks one worker process runs at once, each on its own thread,
 * 1 to {@value #MAX_THREADS_PER_WORKER}; may exceed {@code parallelism}, which still
 * bounds the job's running chunks
 * @param taskTimeout longest one task may run; null means
 * {@code workpool.jobs.default-task-timeout}
 * @param maxAttempts failed attempts a task may use up
 * @param priority higher runs first
 * @param owner who submits it; null means {@code anonymous}
 * @param backoff wait between attempts; null (or null parts) means
 * {@link Backoff#DEFAULT}
 * @param retryOn failure causes to retry ({@code crash}, {@code timeout}, {@code error});
 * null means all
 * @param deadline the job is stopped and FAILED this long after submission; null means
 * never
 */
public record JobSubmission(String name, String taskType, Map<String, Object> params, JobInputs inputs, int parallelism,
		Integer chunkSize, int threadsPerWorker, Duration taskTimeout, int maxAttempts, int priority, String owner,
		BackoffSpec backoff, List<String> retryOn, Duration deadline) {

	/** The owner recorded when a submission names none. */
	public static final String ANONYMOUS = "anonymous";

	/** {@code threadsPerWorker} when a submission names none. */
	public static final int DEFAULT_THREADS_PER_WORKER = 1;

	/** Highest {@code threadsPerWorker}. */
	public static final int MAX_THREADS_PER_WORKER = 64;

	/** Largest chunk {@link #autoChunkSize} picks. */
	public static final int MAX_AUTO_CHUNK_SIZE = 1000;

	/**
	 * A submission of the plain JSON values {@code inputs} (null for none), with one
	 * thread per worker, the default retry policy and no deadline.
	 */
	public JobSubmission(String name, String taskType, Map<String, Object> params, List<?> inputs, int parallelism,
			int chunkSize, Duration taskTimeout, int maxAttempts, int priority, String owner) {
		this(name, taskType, params, (inputs != null) ? JobInputs.of(inputs) : null, parallelism, chunkSize,
				DEFAULT_THREADS_PER_WORKER, taskTimeout, maxAttempts, priority, owner, null, null, null);
	}

	/**
	 * This submission with {@code params}, {@code chunkSize} and {@code taskTimeout}
	 * replaced.
	 */
	JobSubmission normalized(Map<String, Object> params, int chunkSize, Duration taskTimeout) {
		return new JobSubmission(this.name, this.taskType, params, this.inputs, this.parallelism, chunkSize,
				this.threadsPerWorker, taskTimeout, this.maxAttempts, this.priority, this.owner, this.backoff,
				this.retryOn, this.deadline);
	}

	/**
	 * The chunk size of a submission that names none: {@code ceil(inputs / (4 ×
	 * parallelism))}, as Python's {@code Pool.map} picks its chunksize, so each of the
	 * job's lanes gets about four chunks; at least 1, at most
	 * {@value #MAX_AUTO_CHUNK_SIZE} and {@code maxChunkSize}.
	 */
	public static int autoChunkSize(int inputs, int parallelism, int maxChunkSize) {
		long chunks = 4L * Math.max(1, parallelism);
		long size = (Math.max(0, inputs) + chunks - 1) / chunks;
		return (int) Math.max(1, Math.min(size, Math.min(MAX_AUTO_CHUNK_SIZE, maxChunkSize)));
	}

	/** The owner the job is stored under. */
	public String effectiveOwner() {
		return (this.owner != null) ? this.owner : ANONYMOUS;
	}

	/**
	 * A backoff as submitted: any part may be null, meaning its default.
	 *
	 * @param initial wait after the first failure
	 * @param multiplier factor per further failure
	 * @param max longest wait
	 */
	public record BackoffSpec(Duration initial, Double multiplier, Duration max) {
	}

}
