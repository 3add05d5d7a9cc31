package dev.workpool.joblog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.lock.LockService;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log retention: logs of jobs that are gone, and logs older than the retention, are
 * deleted with their rows; a live job's recent log stays.
 */
@IntegrationTest
class JobLogJanitorIT {

	@Autowired
	DataSource dataSource;

	@Autowired
	LockService locks;

	@Test
	void deletesLogsOfDeletedJobsAndLogsPastRetentionAndKeepsTheRest() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "it-janitor", "run-" + System.nanoTime()));
		// sequence rows that other tests' logs left behind would count as deleted logs
		// too
		try (java.sql.Connection connection = this.dataSource.getConnection();
				java.sql.Statement statement = connection.createStatement()) {
			statement.executeUpdate("DELETE FROM job_logs");
		}
		JobLogWriter writer = new JobLogWriter(this.locks, dir, Clock.systemUTC());
		long kept = 9_000_001;
		long deletedJob = 9_000_002;
		long old = 9_000_003;
		for (long id : new long[] { kept, deletedJob, old }) {
			writer.append(id, LogEntry.info("entry of job " + id));
		}
		Files.setLastModifiedTime(JobLogFiles.path(dir, old), FileTime.from(Instant.now().minus(Duration.ofDays(8))));
		Set<Long> existing = Set.of(kept, old);

		int deleted = new JobLogJanitor(this.dataSource, this.locks, dir, Clock.systemUTC(), Duration.ofDays(7),
				existing::contains)
			.run();

		assertThat(deleted).isEqualTo(2);
		assertThat(JobLogFiles.path(dir, kept)).exists();
		assertThat(JobLogFiles.path(dir, deletedJob)).doesNotExist();
		assertThat(JobLogFiles.path(dir, old)).doesNotExist();
		writer.append(deletedJob, LogEntry.info("a new log starts at 1"));
		assertThat(LogLine.parse(Files.readAllLines(JobLogFiles.path(dir, deletedJob)).get(0)).seq()).isEqualTo(1);
	}

}
