package dev.workpool.worker.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.workpool.joblog.JobLogWriter;
import dev.workpool.joblog.LogEntry;
import dev.workpool.lock.LockOwner;
import dev.workpool.lock.LockService;

/**
 * The worker's way to the shared job log and the lock service, both on the worker's own
 * pool and built on first use. Appends of the worker's threads to the same job's log at
 * the same time are written together, one lock acquisition and one fsync for all of them
 * ({@link LogGroupCommit}). Without a log directory (older parents, some tests) entries
 * go to the worker's stderr instead.
 */
final class TaskLog {

	private final DataSource dataSource;

	private final Path logDir;

	private final String nodeId;

	private final long pid;

	private final WorkerLog log;

	private final LogGroupCommit groupCommit;

	private LockService locks;

	private JobLogWriter writer;

	/**
	 * @param timer closes a job log's lock kept after a batch for the next one
	 * ({@link LogGroupCommit#LINGER_NANOS}); null keeps none
	 */
	TaskLog(DataSource dataSource, String logDir, String nodeId, long pid, WorkerLog log,
			ScheduledExecutorService timer) {
		this.dataSource = dataSource;
		this.logDir = (logDir != null) ? Path.of(logDir) : null;
		this.nodeId = nodeId;
		this.pid = pid;
		this.log = log;
		this.groupCommit = new LogGroupCommit(this::open, timer);
	}

	/**
	 * Appends the entries under the job's log lock, together with those of other threads
	 * appending to the same log at the moment; durable when this returns. A failed batch
	 * throws in every thread whose entries were in it.
	 */
	void append(long jobId, List<LogEntry> entries) {
		if (entries.isEmpty()) {
			return;
		}
		if (this.logDir == null) {
			entries.forEach((e) -> this.log.forJob(jobId).info("[" + e.level() + "] " + e.message()));
			return;
		}
		this.groupCommit.append(jobId, entries);
	}

	/**
	 * Runs the action under a user lock {@code task:<name>}, shared by all workers and
	 * replicas.
	 */
	<T> T withLock(long jobId, String name, Duration timeout, Supplier<T> action) {
		return locks().forJob(jobId).withLock("task:" + name, timeout, action);
	}

	private synchronized LockService locks() {
		if (this.locks == null) {
			this.locks = new LockService(this.dataSource, new LockOwner(this.pid, this.nodeId, null));
		}
		return this.locks;
	}

	private LogGroupCommit.Held open(long jobId) {
		JobLogWriter.Session session = writer().open(jobId);
		return new LogGroupCommit.Held() {

			@Override
			public void check() {
				session.verify();
			}

			@Override
			public void append(List<LogEntry> entries) {
				session.append(entries);
			}

			@Override
			public void close() {
				try {
					session.close();
				}
				catch (RuntimeException ex) {
					// the entries are on disk already, and the next writer adopts them
					TaskLog.this.log.forJob(jobId).warn("Job log: " + ex.getMessage());
				}
			}

		};
	}

	private synchronized JobLogWriter writer() {
		if (this.writer == null) {
			this.writer = new JobLogWriter(locks(), this.logDir, Clock.systemUTC());
		}
		return this.writer;
	}

}
