package dev.workpool.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code jobs} rows and the job-wide statements on {@code tasks}. All timestamps are
 * written by the database as {@code UTC_TIMESTAMP(6)} and read back as UTC.
 */
@Repository
class JobRepository {

	static final int TASK_BATCH_SIZE = 1000;

	// created_at and deadline_at come from one UTC_TIMESTAMP(6) of one statement: the
	// deadline is exactly deadline_us after submission, by the database's clock
	private static final String INSERT_JOB = """
			INSERT INTO jobs (name, owner, task_type, params, parallelism, chunk_size, threads_per_worker,
			                  task_timeout_ms, max_attempts, backoff_initial_us, backoff_multiplier, backoff_max_us, retry_on,
			                  priority, total_tasks, status, created_at, deadline_us, deadline_at,
			                  idempotency_key, request_sha256)
			VALUES (:name, :owner, :taskType, :params, :parallelism, :chunkSize, :threadsPerWorker,
			        :taskTimeoutMs, :maxAttempts, :backoffInitialUs, :backoffMultiplier, :backoffMaxUs, :retryOn,
			        :priority, :total, 'QUEUED', UTC_TIMESTAMP(6), :deadlineUs,
			        UTC_TIMESTAMP(6) + INTERVAL :deadlineUs MICROSECOND,
			        :idempotencyKey, :requestSha256)
			""";

	private static final String INSERT_TASK = """
			INSERT INTO tasks (job_id, idx, status, input) VALUES (?, ?, 'QUEUED', ?)
			""";

	private static final String COLUMNS = """
			SELECT id, name, owner, task_type, params, parallelism, chunk_size, threads_per_worker, task_timeout_ms,
			       max_attempts, priority, total_tasks, status, status_reason, created_at, started_at, finished_at, version,
			       backoff_initial_us, backoff_multiplier, backoff_max_us, retry_on, deadline_us, deadline_at,
			       idempotency_key
			FROM jobs
			""";

	private static final String FIND = COLUMNS + "WHERE id = :id";

	private static final String PAGE = COLUMNS + "WHERE id < :before ORDER BY id DESC LIMIT :limit";

	private static final String PAGE_BY_STATUS = COLUMNS
			+ "WHERE status = :status AND id < :before ORDER BY id DESC LIMIT :limit";

	private static final String BY_IDEMPOTENCY_KEY = """
			SELECT id, request_sha256 FROM jobs WHERE owner = :owner AND idempotency_key = :key
			""";

	private static final String EXISTS = "SELECT COUNT(*) FROM jobs WHERE id = :id";

	private static final String VERSION = "SELECT version FROM jobs WHERE id = :id";

	private static final String COUNTS = """
			SELECT job_id, status, COUNT(*) AS n FROM tasks WHERE job_id IN (:ids) GROUP BY job_id, status
			""";

	private static final String UPDATE_STATUS = """
			UPDATE jobs
			SET status = :status, status_reason = :reason, version = version + 1,
			    finished_at = CASE WHEN :final THEN UTC_TIMESTAMP(6) ELSE finished_at END
			WHERE id = :id AND version = :version
			""";

	private static final String CANCEL_QUEUED_TASKS = """
			UPDATE tasks SET status = 'CANCELLED', finished_at = UTC_TIMESTAMP(6), error = 'cancelled'
			WHERE job_id = :jobId AND status = 'QUEUED'
			""";

	/** A locking read, so it sees claims committed after this transaction's snapshot. */
	private static final String COUNT_RUNNING_TASKS = """
			SELECT COUNT(*) FROM tasks WHERE job_id = :jobId AND status = 'RUNNING' LOCK IN SHARE MODE
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final JsonText json;

	JobRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonText json) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.json = json;
	}

	/**
	 * Inserts the job row.
	 * @throws org.springframework.dao.DuplicateKeyException when another job of the same
	 * owner holds {@code idempotencyKey}
	 */
	long insertJob(JobSubmission submission, Duration taskTimeout, RetryPolicy retry, Duration deadline,
			Idempotency idempotency) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql(INSERT_JOB)
			.param("name", submission.name())
			.param("owner", submission.effectiveOwner())
			.param("taskType", submission.taskType())
			.param("params", this.json.write((submission.params() != null) ? submission.params() : Map.of()))
			.param("parallelism", submission.parallelism())
			.param("chunkSize", submission.chunkSize())
			.param("threadsPerWorker", submission.threadsPerWorker())
			.param("taskTimeoutMs", taskTimeout.toMillis())
			.param("maxAttempts", submission.maxAttempts())
			.param("backoffInitialUs", micros(retry.backoff().initial()))
			.param("backoffMultiplier", retry.backoff().multiplier())
			.param("backoffMaxUs", micros(retry.backoff().max()))
			.param("retryOn", retry.columnValue())
			.param("priority", submission.priority())
			.param("total", submission.inputs().size())
			.param("deadlineUs", (deadline != null) ? micros(deadline) : null)
			.param("idempotencyKey", (idempotency != null) ? idempotency.key() : null)
			.param("requestSha256", (idempotency != null) ? idempotency.requestSha256() : null)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	/** The job of {@code owner} submitted with {@code key}, with its request hash. */
	Optional<KeyedJob> findByIdempotencyKey(String owner, String key) {
		return this.jdbc.sql(BY_IDEMPOTENCY_KEY)
			.param("owner", owner)
			.param("key", key)
			.query((rs, n) -> new KeyedJob(rs.getLong("id"), rs.getString("request_sha256")))
			.optional();
	}

	/**
	 * One QUEUED task per input, {@code idx} = position, in JDBC batches of
	 * {@value #TASK_BATCH_SIZE}: only one batch is in memory at a time.
	 */
	void insertTasks(long jobId, JobInputs inputs) {
		List<Object[]> batch = new ArrayList<>(TASK_BATCH_SIZE);
		inputs.forEach((index, json) -> {
			batch.add(new Object[] { jobId, index, json });
			if (batch.size() == TASK_BATCH_SIZE) {
				this.jdbcTemplate.batchUpdate(INSERT_TASK, batch);
				batch.clear();
			}
		});
		if (!batch.isEmpty()) {
			this.jdbcTemplate.batchUpdate(INSERT_TASK, batch);
		}
	}

	Optional<Job> find(long id) {
		return this.jdbc.sql(FIND).param("id", id).query(this::mapJob).optional();
	}

	boolean exists(long id) {
		return this.jdbc.sql(EXISTS).param("id", id).query(Long.class).single() > 0;
	}

	List<Job> page(Optional<JobStatus> status, long beforeId, int limit) {
		JdbcClient.StatementSpec spec = status.map((s) -> this.jdbc.sql(PAGE_BY_STATUS).param("status", s.name()))
			.orElseGet(() -> this.jdbc.sql(PAGE));
		return spec.param("before", beforeId).param("limit", limit).query(this::mapJob).list();
	}

	Map<Long, TaskCounts> counts(Collection<Long> jobIds) {
		if (jobIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Map<TaskStatus, Integer>> byJob = new HashMap<>();
		this.jdbc.sql(COUNTS).param("ids", jobIds).query((ResultSet rs) -> {
			byJob.computeIfAbsent(rs.getLong("job_id"), (id) -> new EnumMap<>(TaskStatus.class))
				.put(TaskStatus.valueOf(rs.getString("status")), rs.getInt("n"));
		});
		Map<Long, TaskCounts> counts = new HashMap<>();
		byJob.forEach((id, map) -> counts.put(id, TaskCounts.of(map)));
		return counts;
	}

	/**
	 * Moves the job to {@code status} if its row still has {@code version}.
	 * @throws JobConflictException if it has not
	 */
	void updateStatus(long id, long version, JobStatus status, String reason) {
		int rows = this.jdbc.sql(UPDATE_STATUS)
			.param("status", status.name())
			.param("reason", reason)
			.param("final", status.isTerminal())
			.param("id", id)
			.param("version", version)
			.update();
		if (rows == 0) {
			throw new JobConflictException(id, version,
					this.jdbc.sql(VERSION).param("id", id).query(Long.class).optional().orElse(null));
		}
	}

	int cancelQueuedTasks(long jobId) {
		return this.jdbc.sql(CANCEL_QUEUED_TASKS).param("jobId", jobId).update();
	}

	long countRunningTasks(long jobId) {
		return this.jdbc.sql(COUNT_RUNNING_TASKS).param("jobId", jobId).query(Long.class).single();
	}

	private Job mapJob(ResultSet rs, int row) throws SQLException {
		return new Job(rs.getLong("id"), rs.getString("name"), rs.getString("owner"), rs.getString("task_type"),
				this.json.readMap(rs.getString("params")), rs.getInt("parallelism"), rs.getInt("chunk_size"),
				rs.getInt("threads_per_worker"), Duration.ofMillis(rs.getLong("task_timeout_ms")),
				rs.getInt("max_attempts"), rs.getInt("priority"), JobStatus.valueOf(rs.getString("status")),
				rs.getString("status_reason"), rs.getInt("total_tasks"), TaskCounts.NONE, instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"), rs.getLong("version"), retryPolicy(rs),
				deadline(rs), rs.getString("idempotency_key"));
	}

	static RetryPolicy retryPolicy(ResultSet rs) throws SQLException {
		Backoff backoff = new Backoff(Duration.ofNanos(rs.getLong("backoff_initial_us") * 1000),
				rs.getDouble("backoff_multiplier"), Duration.ofNanos(rs.getLong("backoff_max_us") * 1000));
		return new RetryPolicy(backoff, RetryPolicy.parseColumn(rs.getString("retry_on")));
	}

	private static JobDeadline deadline(ResultSet rs) throws SQLException {
		long micros = rs.getLong("deadline_us");
		return rs.wasNull() ? null : new JobDeadline(Duration.ofNanos(micros * 1000), instant(rs, "deadline_at"));
	}

	static long micros(Duration duration) {
		return duration.toNanos() / 1000;
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		LocalDateTime value = rs.getObject(column, LocalDateTime.class);
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

	/**
	 * A job found by its idempotency key, with the SHA-256 of the request that made it.
	 */
	record KeyedJob(long id, String requestSha256) {
	}

}
