package dev.workpool.testsupport;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When and where one task of a job ran, as its worker recorded it ({@code started_at},
 * {@code duration_us}, {@code worker_pid}), and how many ran at once.
 */
public record TaskRun(long pid, long startMicros, long durationMicros) {

	/** The recorded runs of the job's tasks. */
	public static List<TaskRun> ofJob(JdbcTemplate jdbc, long jobId) {
		return jdbc.query("SELECT worker_pid, started_at, duration_us FROM tasks WHERE job_id = ?",
				(rs, n) -> new TaskRun(rs.getLong(1), micros(rs.getTimestamp(2)), rs.getLong(3)), jobId);
	}

	/** The most runs whose [start, end) intervals overlap at one moment. */
	public static int mostAtOnce(List<TaskRun> runs) {
		List<long[]> events = new ArrayList<>();
		for (TaskRun run : runs) {
			events.add(new long[] { run.startMicros(), 1 });
			events.add(new long[] { run.startMicros() + run.durationMicros(), -1 });
		}
		// an end before a start at the same instant
		events.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
		int now = 0;
		int most = 0;
		for (long[] event : events) {
			now += (int) event[1];
			most = Math.max(most, now);
		}
		return most;
	}

	private static long micros(Timestamp at) {
		return at.getTime() / 1000 * 1_000_000 + at.getNanos() / 1000;
	}

}
