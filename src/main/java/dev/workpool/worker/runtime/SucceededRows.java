package dev.workpool.worker.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Records many SUCCEEDED results with one statement: an UPDATE of {@code tasks} joined to
 * the results' rows (a {@code UNION ALL} of one-row SELECTs, which MariaDB and MySQL both
 * accept), fenced exactly like {@link ResultRecorder#SUCCEEDED_SQL}: only rows of the
 * same attempt that are still RUNNING change. One statement for a hundred results instead
 * of a hundred costs the worker and the database a fraction of the parsing and round
 * trips.
 *
 * <p>
 * The update count is the number of rows matched; when it is lower than the number of
 * results, some were stale, and the caller records them one by one to learn which.
 */
final class SucceededRows {

	/** Rows in one statement at most. */
	static final int MAX_ROWS = 100;

	/**
	 * Output characters in one statement at most (the statement must stay well below the
	 * server's max_allowed_packet, which is 16 MiB by default); a larger output is a
	 * statement of its own.
	 */
	static final int MAX_OUTPUT_CHARS = 1024 * 1024;

	private static final String ROW = "SELECT ? AS id, ? AS attempt, ? AS output, ? AS started_at, ? AS duration_us";

	private static final String MORE_ROWS = " UNION ALL SELECT ?, ?, ?, ?, ?";

	private static final String UPDATE = """
			UPDATE tasks t JOIN (%s) r ON t.id = r.id AND t.attempt = r.attempt
			SET t.output = r.output, t.error = NULL, t.worker_pid = ?, t.db_connection_id = CONNECTION_ID(),
			    t.started_at = r.started_at, t.duration_us = r.duration_us, t.finished_at = UTC_TIMESTAMP(6),
			    t.status = 'SUCCEEDED'
			WHERE t.status = 'RUNNING'
			""";

	private SucceededRows() {
	}

	/** The results split into groups that each fit one statement, in their order. */
	static List<List<TaskResult>> groups(List<TaskResult> results) {
		List<List<TaskResult>> groups = new ArrayList<>();
		List<TaskResult> group = new ArrayList<>();
		long chars = 0;
		for (TaskResult result : results) {
			int size = result.output().length();
			if (!group.isEmpty() && (group.size() == MAX_ROWS || chars + size > MAX_OUTPUT_CHARS)) {
				groups.add(group);
				group = new ArrayList<>();
				chars = 0;
			}
			group.add(result);
			chars += size;
		}
		if (!group.isEmpty()) {
			groups.add(group);
		}
		return groups;
	}

	/**
	 * Updates the group's rows in one statement.
	 * @param startedAt a result's start as a {@code DATETIME(6)} literal
	 * @return how many of the group's results were recorded
	 */
	static int update(Connection connection, List<TaskResult> group, long workerPid,
			Function<TaskResult, String> startedAt) throws SQLException {
		StringBuilder rows = new StringBuilder(ROW);
		for (int i = 1; i < group.size(); i++) {
			rows.append(MORE_ROWS);
		}
		try (PreparedStatement statement = connection.prepareStatement(UPDATE.formatted(rows))) {
			int next = 1;
			for (TaskResult result : group) {
				statement.setLong(next++, result.taskId());
				statement.setInt(next++, result.attempt());
				statement.setString(next++, result.output());
				statement.setString(next++, startedAt.apply(result));
				statement.setLong(next++, result.durationMicros());
			}
			statement.setLong(next, workerPid);
			return statement.executeUpdate();
		}
	}

}
