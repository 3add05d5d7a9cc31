package dev.workpool.worker.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.slf4j.LoggerFactory;

import dev.workpool.lock.LockHandle;
import dev.workpool.lock.LockOwner;
import dev.workpool.lock.LockService;
import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.DbSettings;
import dev.workpool.worker.protocol.Message.Init;
import dev.workpool.worker.protocol.Message.TaskOutcome;

/**
 * {@code WorkerMain --training}: loads the classes a worker needs for its first chunk —
 * protocol, task types, Jackson, logging, HikariCP, the JDBC driver, lock and job-log
 * code — then exits. The launcher runs it once with {@code -XX:ArchiveClassesAtExit} to
 * make the workers' Class Data Sharing archive. Given an {@link Init} on stdin, it also
 * goes through what a worker does with its database, changing nothing: a pool, a
 * connection, a result write that matches no row (rolled back), a query, a lock taken and
 * released. Those are a third of a working worker's classes (the driver's above all);
 * archived, they are no longer parsed into each worker's own metaspace (BENCHMARKS.md,
 * finding 15).
 */
final class WorkerTraining {

	private static final List<String> CLASSES = List.of("dev.workpool.worker.runtime.Worker",
			"dev.workpool.worker.runtime.ChunkRunner", "dev.workpool.worker.runtime.ChunkRun",
			"dev.workpool.worker.runtime.ResultRecorder", "dev.workpool.worker.runtime.RunContext",
			"dev.workpool.worker.runtime.OutputCapture", "dev.workpool.worker.runtime.TaskLog",
			"dev.workpool.worker.runtime.LogGroupCommit", "dev.workpool.worker.runtime.Channel",
			"dev.workpool.lock.LockService", "dev.workpool.lock.LockHandle", "dev.workpool.joblog.JobLogWriter",
			"dev.workpool.joblog.LogEntry", "com.zaxxer.hikari.HikariDataSource", "com.zaxxer.hikari.pool.HikariPool",
			"com.mysql.cj.jdbc.ConnectionImpl", "com.mysql.cj.jdbc.ClientPreparedStatement",
			"com.mysql.cj.protocol.a.NativeProtocol");

	/** The lock the training takes and releases (namespaced like every lock). */
	private static final String LOCK = "cds-training";

	private WorkerTraining() {
	}

	static int run(InputStream stdin) throws IOException, ClassNotFoundException {
		LoggerFactory.getLogger(WorkerTraining.class).debug("training");
		Message frame = new FrameCodec(stdin, null).read();
		Init init = (frame instanceof Init given) ? given : null;
		DbSettings db = (init != null) ? init.db()
				: new DbSettings("jdbc:mysql://127.0.0.1:9/training", "training", "", 1, 30_000);
		try (LazyDataSource dataSource = new LazyDataSource(db, "training")) {
			Worker.loadFirstChunkClasses(new TaskRegistryHolder(WorkerTraining.class.getClassLoader(), null, null),
					dataSource);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			new FrameCodec(null, bytes).write(new Message.Heartbeat(1));
			new FrameCodec(new ByteArrayInputStream(bytes.toByteArray()), null).read();
			for (String name : CLASSES) {
				try {
					Class.forName(name, false, WorkerTraining.class.getClassLoader());
				}
				catch (ClassNotFoundException ex) {
					// optional: a driver or pool version without this class
				}
			}
			if (init != null) {
				exerciseDatabase(dataSource, init.nodeId());
			}
		}
		return 0;
	}

	/** Best effort: whatever fails, the classes loaded until then are archived. */
	private static void exerciseDatabase(LazyDataSource dataSource, String nodeId) {
		long pid = ProcessHandle.current().pid();
		try {
			try (Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				TaskResult nothing = new TaskResult(-1, 1, TaskOutcome.SUCCEEDED, "\"training\"", null,
						System.nanoTime(), 1, 0);
				SucceededRows.update(connection, List.of(nothing, nothing), pid, (result) -> "2000-01-01 00:00:00");
				try (PreparedStatement statement = connection
					.prepareStatement("SELECT ? AS n, ? AS s, UTC_TIMESTAMP(6) AS t")) {
					statement.setLong(1, pid);
					statement.setString(2, "training");
					try (ResultSet rows = statement.executeQuery()) {
						rows.next();
						rows.getLong(1);
						rows.getString(2);
						rows.getTimestamp(3);
					}
				}
				connection.rollback();
			}
			LockService locks = new LockService(dataSource, new LockOwner(pid, nodeId, null));
			try (LockHandle lock = locks.acquireUnrecorded(LOCK, Duration.ofSeconds(1))) {
				lock.verifySession(Duration.ofSeconds(1));
			}
		}
		catch (SQLException | RuntimeException ex) {
			LoggerFactory.getLogger(WorkerTraining.class).info("training without the database: {}", ex.toString());
		}
	}

}
