package dev.workpool.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Front door of the jobs package: submit, query and cancel jobs. Events are published
 * after the transaction commits; listen with a plain {@code @EventListener}.
 */
@Service
public class JobService {

	/** Largest page of {@link #list}. */
	public static final int MAX_LIST_LIMIT = 200;

	/** Largest page of {@link #results}. */
	public static final int MAX_RESULTS_LIMIT = 1000;

	static final String CANCEL_REASON = "cancelled on request";

	private final JobRepository jobs;

	private final TaskResultRepository results;

	private final SubmissionValidator validator;

	private final JsonText json;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final TaskCountsCache counts;

	private final FinishedJobCache finished = new FinishedJobCache();

	JobService(JobRepository jobs, TaskResultRepository results, SubmissionValidator validator, JsonText json,
			TransactionTemplate transaction, ApplicationEventPublisher events) {
		this.jobs = jobs;
		this.results = results;
		this.validator = validator;
		this.json = json;
		this.transaction = transaction;
		this.events = events;
		this.counts = new TaskCountsCache(jobs);
	}

	/**
	 * Validates the submission, then stores the job and one task per input in one
	 * transaction and publishes {@link JobSubmitted}. Nothing is stored if anything
	 * fails.
	 * @return the stored job (QUEUED, counts.queued = number of inputs)
	 * @throws InvalidJobException for a value outside the configured limits
	 * @throws dev.workpool.tasks.spi.UnknownTaskTypeException for an unknown task type
	 * @throws dev.workpool.tasks.spi.InvalidTaskArgumentException for params or inputs
	 * the task type refuses
	 */
	public Job submit(JobSubmission submission) {
		return submit(submission, null).job();
	}

	/**
	 * Like {@link #submit(JobSubmission)}, idempotent per {@code idempotencyKey} and
	 * owner: the first submit with a key creates the job; a later one with the same key
	 * and the same request (see {@link Idempotency}) returns that job, created = false.
	 * Concurrent submits with one key, on any replicas, create one job: the database's
	 * unique index decides, and the losers return the winner's job.
	 * @param idempotencyKey the {@code Idempotency-Key} header, or null
	 * @throws IdempotencyKeyConflictException when the key was used for a different
	 * request (or its first request is still being stored)
	 * @throws InvalidJobException also for a malformed key (field
	 * {@code Idempotency-Key})
	 */
	public Submitted submit(JobSubmission submission, String idempotencyKey) {
		if (idempotencyKey != null) {
			Idempotency.checkKey(idempotencyKey);
		}
		JobSubmission valid = this.validator.validate(submission);
		Duration taskTimeout = valid.taskTimeout();
		RetryPolicy retry = this.validator.retryPolicy(valid);
		Duration deadline = this.validator.deadline(valid);
		String inputsSha256 = this.validator.checkInputs(valid, idempotencyKey != null);
		Idempotency idempotency = Idempotency.of(idempotencyKey, valid, taskTimeout, retry, deadline, inputsSha256,
				this.json);
		String owner = valid.effectiveOwner();
		if (idempotency != null) {
			Optional<Submitted> earlier = earlier(owner, idempotency);
			if (earlier.isPresent()) {
				return earlier.get();
			}
		}
		long id;
		try {
			id = this.transaction.execute((status) -> {
				long jobId = this.jobs.insertJob(valid, taskTimeout, retry, deadline, idempotency);
				this.jobs.insertTasks(jobId, valid.inputs());
				return jobId;
			});
		}
		catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
			// a concurrent submit with the same key won the unique index (we waited for
			// its commit), or is still storing a large job after our lock wait timed out
			if (idempotency == null) {
				throw ex;
			}
			return earlier(owner, idempotency)
				.orElseThrow(() -> IdempotencyKeyConflictException.inProgress(idempotency.key()));
		}
		this.events.publishEvent(new JobSubmitted(id));
		return new Submitted(get(id), true);
	}

	/** The job an earlier submit with the same key made, if the request was the same. */
	private Optional<Submitted> earlier(String owner, Idempotency idempotency) {
		return this.jobs.findByIdempotencyKey(owner, idempotency.key()).map((existing) -> {
			if (!existing.requestSha256().equals(idempotency.requestSha256())) {
				throw IdempotencyKeyConflictException.differentRequest(idempotency.key(), existing.id());
			}
			return new Submitted(get(existing.id()), false);
		});
	}

	/**
	 * The job with its task counts, or {@link JobNotFoundException}. A finished job may
	 * come from {@link FinishedJobCache} (read at most a second ago).
	 */
	public Job get(long id) {
		Job cached = this.finished.get(id);
		if (cached != null) {
			return cached;
		}
		Job job = this.jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
		Job withCounts = job.withCounts(this.counts.countsOf(List.of(job)).get(id));
		this.finished.offer(withCounts);
		return withCounts;
	}

	/**
	 * Jobs newest first, optionally only those with {@code status}.
	 * @param limit page size, 1 to {@value #MAX_LIST_LIMIT}
	 * @param cursor {@link JobPage#nextCursor()} of the previous page, or null for the
	 * first
	 */
	public JobPage list(Optional<JobStatus> status, int limit, String cursor) {
		checkRange("limit", limit, 1, MAX_LIST_LIMIT);
		long before = JobCursor.parse(cursor);
		List<Job> page = this.jobs.page(status, before, limit + 1);
		boolean more = page.size() > limit;
		List<Job> items = more ? page.subList(0, limit) : page;
		Map<Long, TaskCounts> counts = this.counts.countsOf(items);
		List<Job> withCounts = items.stream()
			.map((job) -> job.withCounts(counts.getOrDefault(job.id(), TaskCounts.NONE)))
			.toList();
		return new JobPage(withCounts, more ? JobCursor.after(items.get(items.size() - 1).id()) : null);
	}

	/**
	 * One page of a job's results.
	 * @param order {@link ResultOrder#INPUT}: all tasks by index;
	 * {@link ResultOrder#COMPLETION}: finished tasks in finishing order
	 * @param offset results to skip, 0 or more
	 * @param limit page size, 1 to {@value #MAX_RESULTS_LIMIT}
	 */
	public ResultPage results(long id, ResultOrder order, long offset, int limit) {
		if (offset < 0) {
			throw new InvalidJobException("offset", "must be 0 or more but was " + offset);
		}
		checkRange("limit", limit, 1, MAX_RESULTS_LIMIT);
		requireExists(id);
		List<TaskResultRepository.Row> rows = (order == ResultOrder.INPUT) ? this.results.byInput(id, offset, limit + 1)
				: this.results.byCompletion(id, offset, limit + 1);
		boolean more = rows.size() > limit;
		List<TaskResult> items = rows.stream().limit(limit).map(TaskResultRepository.Row::result).toList();
		return new ResultPage(items, more ? offset + limit : null);
	}

	/**
	 * Hands every result of the job, in {@code order}, to {@code consumer}; reads them in
	 * bounded batches, so memory does not grow with the job's size.
	 */
	public void streamResults(long id, ResultOrder order, Consumer<TaskResult> consumer) {
		requireExists(id);
		int batch = MAX_RESULTS_LIMIT;
		List<TaskResultRepository.Row> rows;
		TaskResultRepository.Row last = null;
		do {
			rows = (order == ResultOrder.INPUT)
					? this.results.byInput(id, (last != null) ? last.result().index() + 1L : 0, batch)
					: this.results.byCompletionAfter(id, last, batch);
			for (TaskResultRepository.Row row : rows) {
				consumer.accept(row.result());
				last = row;
			}
		}
		while (rows.size() == batch);
	}

	/**
	 * Cancels a QUEUED or RUNNING job: its queued tasks become CANCELLED; the job becomes
	 * CANCELLING while tasks still run, or CANCELLED at once when none runs. Publishes
	 * {@link JobCancelRequested}. A job already CANCELLING or CANCELLED is returned
	 * unchanged.
	 * @throws IllegalJobTransitionException for a SUCCEEDED or FAILED job
	 * @throws JobConflictException if the job row changed twice under us
	 */
	public Job cancel(long id) {
		boolean changed;
		try {
			changed = cancelOnce(id);
		}
		catch (JobConflictException ex) {
			changed = cancelOnce(id);
		}
		if (changed) {
			this.events.publishEvent(new JobCancelRequested(id));
		}
		return get(id);
	}

	private boolean cancelOnce(long id) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			Job job = this.jobs.find(id).orElseThrow(() -> new JobNotFoundException(id));
			if (job.status() == JobStatus.CANCELLING || job.status() == JobStatus.CANCELLED) {
				return false;
			}
			job.requireCanMoveTo(JobStatus.CANCELLING);
			this.jobs.updateStatus(id, job.version(), JobStatus.CANCELLING, CANCEL_REASON);
			this.jobs.cancelQueuedTasks(id);
			if (this.jobs.countRunningTasks(id) == 0 && JobStatus.CANCELLING.canMoveTo(JobStatus.CANCELLED)) {
				this.jobs.updateStatus(id, job.version() + 1, JobStatus.CANCELLED, CANCEL_REASON);
			}
			return true;
		}));
	}

	private void requireExists(long id) {
		if (!this.jobs.exists(id)) {
			throw new JobNotFoundException(id);
		}
	}

	private static void checkRange(String field, long value, long min, long max) {
		if (value < min || value > max) {
			throw new InvalidJobException(field, "must be between " + min + " and " + max + " but was " + value);
		}
	}

}
