package dev.workpool.joblog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import dev.workpool.embeddeddb.EmbeddedMariaDb;
import dev.workpool.lock.ChildJvm;

/**
 * Lines per second through the locked job-log path, with 1, 4 and 8 writer processes
 * (each its own JVM and pool), one line per append and 100 per append. Prints a Markdown
 * table. Runs on its own embedded MariaDB under {@code target/bench-db}:
 *
 * <pre>
 * ./mvnw -q test-compile
 * java -cp "target/test-classes:target/classes:$(./mvnw -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" \
 *     dev.workpool.joblog.LogBench [linesPerWriterSingle] [linesPerWriterBatched] [writers,...]
 * </pre>
 */
public final class LogBench {

	private LogBench() {
	}

	public static void main(String[] args) throws Exception {
		int single = (args.length > 0) ? Integer.parseInt(args[0]) : 500;
		int batched = (args.length > 1) ? Integer.parseInt(args[1]) : 20_000;
		try (EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of("target", "bench-db").toAbsolutePath(), 0,
				"workpool_bench")) {
			try (HikariDataSource pool = new HikariDataSource()) {
				pool.setJdbcUrl(db.jdbcUrl());
				pool.setUsername(db.user());
				pool.setPassword(db.password());
				Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
			}
			System.setProperty("WORKPOOL_TEST_DB_URL", db.jdbcUrl());
			System.setProperty("WORKPOOL_TEST_DB_USER", db.user());
			System.setProperty("WORKPOOL_TEST_DB_PASSWORD", (db.password() != null) ? db.password() : "");
			System.out.println("| Writer processes | Lines per append | Lines | Seconds | Lines/s | Appends/s |");
			System.out.println("|---:|---:|---:|---:|---:|---:|");
			int[] counts = (args.length > 2)
					? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
					: new int[] { 1, 4, 8 };
			for (int writers : counts) {
				run(writers, 1, single);
				run(writers, 100, batched);
			}
		}
	}

	private static void run(int writers, int batch, int linesEach) throws Exception {
		Path logDir = Files.createDirectories(Path.of("target", "bench-logs", UUID.randomUUID().toString()))
			.toAbsolutePath();
		long jobId = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
		List<ChildJvm> children = new ArrayList<>();
		try {
			for (int w = 0; w < writers; w++) {
				children.add(ChildJvm.start(LogWriterChild.class, "bench", logDir.toString(), Long.toString(jobId),
						Integer.toString(linesEach), Integer.toString(batch)));
			}
			for (ChildJvm child : children) {
				child.await("READY", Duration.ofSeconds(120));
			}
			long start = System.nanoTime();
			try (OutputStream go = Files.newOutputStream(logDir.resolve("go"))) {
				go.write("go".getBytes(StandardCharsets.UTF_8));
			}
			for (ChildJvm child : children) {
				child.await("DONE", Duration.ofMinutes(10));
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long lines = (long) writers * linesEach;
			long appends = (long) writers * ((linesEach + batch - 1) / batch);
			System.out.printf("| %d | %d | %,d | %.2f | %,.0f | %,.0f |%n", writers, batch, lines, seconds,
					lines / seconds, appends / seconds);
			verify(logDir, jobId, lines + writers);
		}
		finally {
			children.forEach(ChildJvm::close);
		}
	}

	private static void verify(Path logDir, long jobId, long expected) throws IOException {
		long seq = 0;
		for (String text : Files.readAllLines(JobLogFiles.path(logDir, jobId), StandardCharsets.UTF_8)) {
			LogLine line = LogLine.parse(text);
			if (!line.checksumOk() || line.seq() != ++seq) {
				throw new IllegalStateException("bad line " + seq + ": " + text);
			}
		}
		if (seq != expected) {
			throw new IllegalStateException("expected " + expected + " lines but found " + seq);
		}
	}

}
