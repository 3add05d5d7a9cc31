package dev.workpool.joblog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.lock.LockException;
import dev.workpool.lock.LockHandle;
import dev.workpool.lock.LockService;

/**
 * Log retention: deletes the log file and the {@code job_logs} row of every job that no
 * longer exists, and of every job whose log file was last written more than
 * {@code retention} ago. Each deletion happens under the job's log lock (taken without
 * waiting; a busy log is skipped until the next run), so it never races a writer.
 */
public final class JobLogJanitor {

	private static final Logger log = LoggerFactory.getLogger(JobLogJanitor.class);

	private static final String DELETE_ROW = """
			DELETE FROM job_logs WHERE job_id = ? AND IS_USED_LOCK(?) = CONNECTION_ID()
			""";

	private final DataSource dataSource;

	private final LockService locks;

	private final Path logDir;

	private final Clock clock;

	private final Duration retention;

	private final LongPredicate jobExists;

	/**
	 * @param jobExists whether a job with the given id still exists
	 */
	public JobLogJanitor(DataSource dataSource, LockService locks, Path logDir, Clock clock, Duration retention,
			LongPredicate jobExists) {
		this.dataSource = dataSource;
		this.locks = locks;
		this.logDir = logDir;
		this.clock = clock;
		this.retention = retention;
		this.jobExists = jobExists;
	}

	/** One pass; returns how many job logs (file and/or row) it deleted. */
	public int run() {
		Instant cutoff = this.clock.instant().minus(this.retention);
		int deleted = 0;
		for (Path file : logFiles()) {
			OptionalLong jobId = JobLogFiles.jobId(file);
			if (jobId.isPresent() && (isOlder(file, cutoff) || !this.jobExists.test(jobId.getAsLong()))
					&& delete(jobId.getAsLong())) {
				deleted++;
			}
		}
		for (long jobId : rowsWithoutFile()) {
			if (!this.jobExists.test(jobId) && delete(jobId)) {
				deleted++;
			}
		}
		if (deleted > 0) {
			log.info("Log retention deleted the logs of {} jobs", deleted);
		}
		return deleted;
	}

	private boolean delete(long jobId) {
		Path file = JobLogFiles.path(this.logDir, jobId);
		try (LockHandle lock = this.locks.acquireUnrecorded(JobLogWriter.lockName(jobId), Duration.ZERO)) {
			try (PreparedStatement statement = lock.connection().prepareStatement(DELETE_ROW)) {
				statement.setLong(1, jobId);
				statement.setString(2, lock.name());
				statement.executeUpdate();
			}
			Files.deleteIfExists(file);
			return true;
		}
		catch (LockException ex) {
			log.debug("Log of job {} is busy; retention tries again next time", jobId);
			return false;
		}
		catch (SQLException | IOException ex) {
			log.warn("Log retention could not delete the log of job {}: {}", jobId, ex.toString());
			return false;
		}
	}

	private List<Path> logFiles() {
		List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(this.logDir)) {
			return files;
		}
		try (DirectoryStream<Path> dir = Files.newDirectoryStream(this.logDir, "job-*.log")) {
			dir.forEach(files::add);
		}
		catch (IOException ex) {
			log.warn("Log retention cannot list {}: {}", this.logDir, ex.toString());
		}
		return files;
	}

	private List<Long> rowsWithoutFile() {
		List<Long> ids = new ArrayList<>();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT job_id FROM job_logs");
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				long jobId = rows.getLong(1);
				if (!Files.exists(JobLogFiles.path(this.logDir, jobId))) {
					ids.add(jobId);
				}
			}
		}
		catch (SQLException ex) {
			log.warn("Log retention cannot read job_logs: {}", ex.toString());
		}
		return ids;
	}

	private static boolean isOlder(Path file, Instant cutoff) {
		try {
			return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
