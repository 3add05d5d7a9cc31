package dev.workpool.worker.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.workpool.joblog.JobLogFiles;
import dev.workpool.joblog.JobLogWriter;
import dev.workpool.joblog.LogEntry;
import dev.workpool.joblog.LogLine;
import dev.workpool.lock.LockService;
import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's job-log path with several task threads, on the real database. */
@WorkerIntegrationTest
class TaskLogIT {

	private static final int THREADS = 8;

	private static final int LINES_EACH = 50;

	@Test
	void threadsAppendingAtOnceShareLockAcquisitionsAndEveryLineIsIntactInSequenceAndInItsThreadsOrder()
			throws Exception {
		Path logDir = Files.createDirectories(Path.of("target", "it-logs", UUID.randomUUID().toString()))
			.toAbsolutePath();
		long jobId = ThreadLocalRandom.current().nextLong(1_000_000, 1L << 40);
		long pid = ProcessHandle.current().pid();
		AtomicInteger lockAcquisitions = new AtomicInteger();
		ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
		TaskLog taskLog = new TaskLog(CountingDataSource.of(WorkerTestDatabase.dataSource(), lockAcquisitions),
				logDir.toString(), "it-node", pid, new WorkerLog(System.err, "it", pid), timer);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(THREADS);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			runs.add(executor.submit(() -> {
				go.await();
				for (int i = 0; i < LINES_EACH; i++) {
					taskLog.append(jobId,
							List.of(LogEntry.ofTask(thread, 1, "INFO", "thread " + thread + " line " + i)));
				}
				return null;
			}));
		}
		go.countDown();
		for (Future<?> run : runs) {
			run.get();
		}
		executor.shutdown();

		List<LogLine> lines = Files.readAllLines(JobLogFiles.path(logDir, jobId), StandardCharsets.UTF_8)
			.stream()
			.map(LogLine::parse)
			.toList();
		assertThat(lines).hasSize(THREADS * LINES_EACH).allMatch(LogLine::checksumOk);
		for (int i = 0; i < lines.size(); i++) {
			assertThat(lines.get(i).seq()).isEqualTo(i + 1);
		}
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < LINES_EACH; i++) {
				expected.add("thread " + thread + " line " + i);
			}
			assertThat(lines).filteredOn((line) -> line.taskIndex() == thread)
				.extracting(LogLine::message)
				.containsExactlyElementsOf(expected);
		}
		System.out.println(lines.size() + " lines from " + THREADS + " threads took " + lockAcquisitions.get()
				+ " lock acquisitions");
		assertThat(lockAcquisitions.get()).as("lock acquisitions (one per session of batches)")
			.isPositive()
			.isLessThan(THREADS * LINES_EACH);
		// the last session lingers for a next append, then the timer commits and releases
		// it
		Awaitility.await("the lock released once nobody appends")
			.atMost(Duration.ofSeconds(10))
			.until(() -> lockHolder(jobId) == null);
		timer.shutdown();
		assertThat(committedSize(jobId)).as("the last session committed")
			.isEqualTo(Files.size(JobLogFiles.path(logDir, jobId)));
	}

	private static Long lockHolder(long jobId) throws Exception {
		try (Connection connection = WorkerTestDatabase.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT IS_USED_LOCK(?)")) {
			statement.setString(1,
					new LockService(WorkerTestDatabase.dataSource()).databaseName(JobLogWriter.lockName(jobId)));
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getObject(1, Long.class);
			}
		}
	}

	private static long committedSize(long jobId) throws Exception {
		try (Connection connection = WorkerTestDatabase.dataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT file_size FROM job_logs WHERE job_id = ?")) {
			statement.setLong(1, jobId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
