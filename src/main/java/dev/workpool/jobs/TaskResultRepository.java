package dev.workpool.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads task results, in input order or completion order, one bounded page at a time. */
@Repository
class TaskResultRepository {

	/**
	 * Temporal values are bound as text: Connector/J drops fractional seconds for MariaDB
	 * 10.x (whose handshake version starts "5.5.5-"), which would break keyset paging on
	 * finished_at.
	 */
	private static final DateTimeFormatter DATETIME_6 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	private static final String COLUMNS = """
			SELECT id, idx, status, output, error, attempt, worker_pid, duration_us, finished_at
			FROM tasks
			""";

	/** {@code idx} is dense (0..total-1), so an offset is a key: no OFFSET scan. */
	private static final String BY_INPUT = COLUMNS + """
			WHERE job_id = :jobId AND idx >= :fromIdx
			ORDER BY idx
			LIMIT :limit
			""";

	private static final String FINISHED = COLUMNS + """
			WHERE job_id = :jobId AND finished_at IS NOT NULL AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
			""";

	private static final String BY_COMPLETION = FINISHED + """
			ORDER BY finished_at, id
			LIMIT :limit OFFSET :offset
			""";

	private static final String BY_COMPLETION_AFTER = FINISHED + """
			  AND (finished_at > :finishedAt OR (finished_at = :finishedAt AND id > :id))
			ORDER BY finished_at, id
			LIMIT :limit
			""";

	private final JdbcClient jdbc;

	private final JsonText json;

	TaskResultRepository(JdbcClient jdbc, JsonText json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	List<Row> byInput(long jobId, long fromIdx, int limit) {
		return this.jdbc.sql(BY_INPUT)
			.param("jobId", jobId)
			.param("fromIdx", fromIdx)
			.param("limit", limit)
			.query(this::mapRow)
			.list();
	}

	List<Row> byCompletion(long jobId, long offset, int limit) {
		return this.jdbc.sql(BY_COMPLETION)
			.param("jobId", jobId)
			.param("offset", offset)
			.param("limit", limit)
			.query(this::mapRow)
			.list();
	}

	/** Finished tasks after {@code after} in completion order; from the start if null. */
	List<Row> byCompletionAfter(long jobId, Row after, int limit) {
		if (after == null) {
			return byCompletion(jobId, 0, limit);
		}
		return this.jdbc.sql(BY_COMPLETION_AFTER)
			.param("jobId", jobId)
			.param("finishedAt", DATETIME_6.format(after.finishedAt().atOffset(ZoneOffset.UTC)))
			.param("id", after.id())
			.param("limit", limit)
			.query(this::mapRow)
			.list();
	}

	private Row mapRow(ResultSet rs, int row) throws SQLException {
		long durationUs = rs.getLong("duration_us");
		Long durationMs = rs.wasNull() ? null : durationUs / 1000;
		long pid = rs.getLong("worker_pid");
		Long workerPid = rs.wasNull() ? null : pid;
		TaskResult result = new TaskResult(rs.getInt("idx"), TaskStatus.valueOf(rs.getString("status")),
				this.json.read(rs.getString("output")), rs.getString("error"), rs.getInt("attempt"), workerPid,
				durationMs);
		return new Row(rs.getLong("id"), JobRepository.instant(rs, "finished_at"), result);
	}

	/** A result with the keys needed to continue after it. */
	record Row(long id, Instant finishedAt, TaskResult result) {
	}

}
