package dev.workpool.worker.runtime;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import dev.workpool.embeddeddb.EmbeddedMariaDb;
import dev.workpool.joblog.JobLogWriter;
import dev.workpool.joblog.LogEntry;
import dev.workpool.lock.LockHandle;
import dev.workpool.lock.LockService;

/**
 * What one durable job-log append costs, in one JVM on its own embedded MariaDB (under
 * {@code target/bench-db}, like {@link dev.workpool.joblog.LogBench}), on a pool of 2
 * like a worker's. Old and new ways run alternately, round after round (every other round
 * in reverse order), so that other load on the machine hits both alike; each cell is the
 * median over the rounds.
 * <ol>
 * <li>The statements of the locked section one by one, and the lock with and without its
 * {@code lock_holders} row ({@code acquire} against {@code acquireUnrecorded}: what
 * {@code JobLogWriter} used before and uses now), and one {@code JobLogWriter.append}
 * after another.</li>
 * <li>Threads of one worker each appending one line at a time to the same log: straight
 * to {@code JobLogWriter.appendAll} (what {@code TaskLog} did before) against through
 * {@code TaskLog} (group commit), with the lock acquisitions each needed.</li>
 * </ol>
 *
 * <pre>
 * ./mvnw -q test-compile
 * java -cp "target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     dev.workpool.worker.runtime.LogAppendCostBench [operations per cell] [rounds] [threads,...]
 * </pre>
 */
public final class LogAppendCostBench {

	private final HikariDataSource pool;

	private final Path logDir;

	private final int n;

	private LogAppendCostBench(HikariDataSource pool, Path logDir, int n) {
		this.pool = pool;
		this.logDir = logDir;
		this.n = n;
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		int[] threads = (args.length > 2) ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
				: new int[] { 1, 2, 4, 8 };
		try (EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of("target", "bench-db").toAbsolutePath(), 0,
				"workpool_bench"); HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl(db.jdbcUrl());
			pool.setUsername(db.user());
			pool.setPassword(db.password());
			pool.setMaximumPoolSize(2);
			Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
			Path logDir = Files.createDirectories(Path.of("target", "bench-logs", UUID.randomUUID().toString()))
				.toAbsolutePath();
			new LogAppendCostBench(pool, logDir, n).run(rounds, threads);
		}
	}

	private void run(int rounds, int[] threads) throws Exception {
		List<Cell> steps = List.of(cell("SELECT 1 (one round trip)", this::selectOne),
				cell("UPDATE job_logs (MEMORY, autocommit)", this::update),
				cell("lock_holders REPLACE + DELETE (MEMORY)", this::holderRow),
				cell("append one line + fsync (FileOutputStream)", this::fileAppend),
				cell("lock recorded: acquire + release (before)", () -> lockCycle(true)),
				cell("lock unrecorded: acquireUnrecorded + release (now)", () -> lockCycle(false)),
				cell("JobLogWriter.append, one line, one thread (now)", this::appends));
		List<Cell> groups = new ArrayList<>();
		for (int t : threads) {
			groups.add(new Cell(t + " threads, each straight to JobLogWriter.appendAll (before)",
					(cell) -> threads(t, false, cell)));
			groups.add(new Cell(t + " threads through TaskLog, group commit (now)", (cell) -> threads(t, true, cell)));
		}
		for (int round = 0; round < rounds; round++) {
			// every other round backwards, so that neither way always goes first
			List<Cell> order = new ArrayList<>(steps);
			order.addAll(groups);
			if (round % 2 == 1) {
				Collections.reverse(order);
			}
			for (Cell cell : order) {
				cell.measure();
			}
		}
		System.out.printf("%d operations per cell, median of %d rounds%n%n", this.n, rounds);
		System.out.println("| Step | µs each |");
		System.out.println("|---|---:|");
		steps.forEach((cell) -> System.out.printf("| %s | %.0f |%n", cell.name, cell.median()));
		System.out.println();
		System.out
			.println("| One line per append, one job | Lines/s | µs per line | Lock acquisitions per 100 lines |");
		System.out.println("|---|---:|---:|---:|");
		groups.forEach((cell) -> System.out.printf("| %s | %,.0f | %.0f | %.0f |%n", cell.name, 1e6 / cell.median(),
				cell.median(), 100 * cell.acquisitionsPerLine));
	}

	private Cell cell(String name, Measure measure) {
		return new Cell(name, (cell) -> measure.run());
	}

	private double selectOne() throws Exception {
		try (Connection connection = this.pool.getConnection()) {
			return time(() -> run(connection, "SELECT 1"));
		}
	}

	private double update() throws Exception {
		try (Connection connection = this.pool.getConnection()) {
			run(connection, "DELETE FROM job_logs WHERE job_id = -1");
			run(connection, "INSERT INTO job_logs VALUES (-1, 1, 0, UTC_TIMESTAMP(6))");
			return time(() -> run(connection, "UPDATE job_logs SET next_seq = next_seq + 1 WHERE job_id = -1"));
		}
	}

	private double holderRow() throws Exception {
		try (Connection connection = this.pool.getConnection()) {
			return time(() -> {
				run(connection, "REPLACE INTO lock_holders (lock_name, requested_name, connection_id, pid, node, "
						+ "job_id, since) VALUES ('workpool:bench', 'bench', CONNECTION_ID(), 1, 'n', 1, UTC_TIMESTAMP(6))");
				run(connection, "DELETE FROM lock_holders WHERE lock_name = 'workpool:bench'");
			});
		}
	}

	private double fileAppend() throws Exception {
		byte[] line = ("1 2026-11-25T10:15:30.000000Z job=1 task=1 attempt=1 pid=1 INFO task 000042 " + "x".repeat(40)
				+ " #00000000\n")
			.getBytes(StandardCharsets.UTF_8);
		Path file = this.logDir.resolve("bench-fsync.log");
		return time(() -> {
			try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
				out.write(line);
				out.getFD().sync();
			}
		});
	}

	private double lockCycle(boolean recorded) throws Exception {
		LockService locks = new LockService(this.pool);
		return time(() -> {
			try (LockHandle handle = recorded ? locks.acquire("bench", Duration.ofSeconds(10))
					: locks.acquireUnrecorded("bench", Duration.ofSeconds(10))) {
				// held
			}
		});
	}

	private double appends() throws Exception {
		JobLogWriter writer = new JobLogWriter(new LockService(this.pool), this.logDir, Clock.systemUTC());
		long jobId = newJobId();
		AtomicInteger i = new AtomicInteger();
		return time(() -> writer.append(jobId, LogEntry.ofTask(i.incrementAndGet(), 1, "INFO", "task " + i)));
	}

	/** µs per line; {@link Cell#acquisitionsPerLine} gets the lock acquisitions. */
	private double threads(int threads, boolean groupCommit, Cell cell) throws Exception {
		AtomicInteger connections = new AtomicInteger();
		DataSource counted = CountingDataSource.of(this.pool, connections);
		TaskLog taskLog = new TaskLog(counted, this.logDir.toString(), "bench", 1,
				new WorkerLog(new PrintStream(PrintStream.nullOutputStream()), "bench", 1), null);
		JobLogWriter writer = new JobLogWriter(new LockService(counted), this.logDir, Clock.systemUTC());
		long jobId = newJobId();
		int linesEach = Math.max(1, this.n / threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> running = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread appender = new Thread(() -> {
				awaitQuietly(go);
				for (int i = 0; i < linesEach; i++) {
					List<LogEntry> entry = List.of(LogEntry.ofTask(thread * linesEach + i, 1, "INFO", "line " + i));
					if (groupCommit) {
						taskLog.append(jobId, entry);
					}
					else {
						writer.appendAll(jobId, entry);
					}
				}
			});
			appender.start();
			running.add(appender);
		}
		long start = System.nanoTime();
		go.countDown();
		for (Thread appender : running) {
			appender.join();
		}
		double micros = (System.nanoTime() - start) / 1e3 / (threads * linesEach);
		cell.acquisitionsPerLine = connections.get() / (double) (threads * linesEach);
		return micros;
	}

	private interface Step {

		void run() throws Exception;

	}

	private interface Measure {

		double run() throws Exception;

	}

	private interface ThreadsMeasure {

		double run(Cell cell) throws Exception;

	}

	/** One row: a measurement repeated once per round. */
	private final class Cell {

		final String name;

		final ThreadsMeasure measure;

		final List<Double> results = new ArrayList<>();

		/** Lock acquisitions per line, in the last round. */
		double acquisitionsPerLine;

		Cell(String name, ThreadsMeasure measure) {
			this.name = name;
			this.measure = measure;
		}

		void measure() throws Exception {
			this.results.add(this.measure.run(this));
		}

		double median() {
			double[] sorted = this.results.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			return sorted[sorted.length / 2];
		}

	}

	/** µs per run of {@code step}, after a short warm-up. */
	private double time(Step step) throws Exception {
		for (int i = 0; i < Math.min(100, this.n); i++) {
			step.run();
		}
		long start = System.nanoTime();
		for (int i = 0; i < this.n; i++) {
			step.run();
		}
		return (System.nanoTime() - start) / 1e3 / this.n;
	}

	private static void run(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.execute();
		}
	}

	private static long newJobId() {
		return ThreadLocalRandom.current().nextLong(1_000_000, 1L << 40);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
