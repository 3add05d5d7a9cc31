package dev.workpool.worker.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.slf4j.LoggerFactory;

import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.DbSettings;

/**
 * {@code WorkerMain --training}: loads the classes a worker needs for its first chunk —
 * protocol, task types, Jackson, logging, HikariCP, the JDBC driver, lock and job-log
 * code — without connecting anywhere, then exits. The launcher runs it once with
 * {@code -XX:ArchiveClassesAtExit} to make the workers' Class Data Sharing archive.
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

	private WorkerTraining() {
	}

	static int run() throws IOException, ClassNotFoundException {
		LoggerFactory.getLogger(WorkerTraining.class).debug("training");
		Worker.loadFirstChunkClasses(new TaskRegistryHolder(WorkerTraining.class.getClassLoader(), null, null),
				new LazyDataSource(new DbSettings("jdbc:mysql://127.0.0.1:9/training", "training", "", 1, 30_000),
						"training"));
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
		return 0;
	}

}
