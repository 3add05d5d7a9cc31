package dev.workpool.joblog;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.lock.LockHandle;
import dev.workpool.lock.LockLostException;
import dev.workpool.lock.LockService;

/**
 * Appends entries to a job's shared log file, {@code <logDir>/job-<id>.log}, from any
 * number of processes on any number of nodes (sharing the directory and the database).
 * Each append, under the lock {@code joblog:<jobId>} and on its connection:
 * <ol>
 * <li>fence: reads {@code next_seq} and {@code file_size} from {@code job_logs} together
 * with {@code IS_USED_LOCK(lock) = CONNECTION_ID()}; not held → {@link LockLostException}
 * and nothing is written;</li>
 * <li>recover: bytes beyond {@code file_size} come from a writer that died before it
 * committed; its complete lines are adopted, a torn last line is cut off (a file found
 * before the job's first append is another job's, from a wiped database: it is deleted,
 * not adopted);</li>
 * <li>writes all lines in one {@code write} on a file opened for appending, then
 * {@code fsync}s it (neither is interruptible: an interrupted thread's entries are
 * written all the same);</li>
 * <li>commits {@code next_seq} and {@code file_size}, again conditional on the lock.</li>
 * </ol>
 * When {@link #append} returns, the entries are on disk. The line format is
 * {@link LogLine}'s. The lock is held only for these steps and is not recorded in
 * {@code lock_holders} ({@link LockService#acquireUnrecorded}): the fence is what makes
 * it safe, and the row would cost two more statements per append. Thread-safe.
 * <p>
 * A writer with more to append right away can keep the lock for several appends
 * ({@link #open}): each later append then only checks that the lock's session is still
 * alive (a ping, {@link LockHandle#verifySession}: a session that never released the lock
 * holds it while it lives) before it writes and fsyncs, and the position is committed
 * once, when the {@link Session} closes. Lines written in a session are durable at once;
 * should the holder die before the commit, the next writer adopts them (step 2).
 */
public final class JobLogWriter {

	/** How long an append waits for the log lock by default. */
	public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(JobLogWriter.class);

	private static final String FENCE = """
			SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS held, l.next_seq, l.file_size
			FROM (SELECT 1 AS one) AS d LEFT JOIN job_logs l ON l.job_id = ?
			""";

	private static final String CREATE = """
			INSERT INTO job_logs (job_id, next_seq, file_size, updated_at)
			SELECT ?, 1, 0, UTC_TIMESTAMP(6) FROM DUAL WHERE IS_USED_LOCK(?) = CONNECTION_ID()
			""";

	private static final String COMMIT = """
			UPDATE job_logs SET next_seq = ?, file_size = ?, updated_at = UTC_TIMESTAMP(6)
			WHERE job_id = ? AND next_seq = ? AND IS_USED_LOCK(?) = CONNECTION_ID()
			""";

	private final LockService locks;

	private final Path logDir;

	private final Clock clock;

	private final Duration lockTimeout;

	public JobLogWriter(LockService locks, Path logDir, Clock clock) {
		this(locks, logDir, clock, DEFAULT_LOCK_TIMEOUT);
	}

	public JobLogWriter(LockService locks, Path logDir, Clock clock, Duration lockTimeout) {
		this.locks = Objects.requireNonNull(locks, "locks");
		this.logDir = Objects.requireNonNull(logDir, "logDir");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
	}

	/** The lock that serializes writers of a job's log (before namespacing). */
	public static String lockName(long jobId) {
		return "joblog:" + jobId;
	}

	/**
	 * Appends one entry; durable when this returns.
	 * @throws dev.workpool.lock.LockTimeoutException the lock was busy for the whole lock
	 * timeout
	 * @throws LockLostException the lock was lost before the entry was committed
	 * @throws dev.workpool.lock.LockException other lock failures
	 * @throws JobLogException the file could not be written
	 */
	public Appended append(long jobId, LogEntry entry) {
		return appendAll(jobId, List.of(entry));
	}

	/**
	 * Appends the entries, in order and contiguously, under one lock acquisition; durable
	 * when this returns. An empty list writes nothing and returns a count of 0.
	 * @throws LockLostException the lock was lost before the entries were committed. If
	 * it was lost after they were written, the next writer adopts them (they stay in the
	 * file with their sequence numbers); if before, nothing was written.
	 */
	public Appended appendAll(long jobId, List<LogEntry> entries) {
		if (entries.isEmpty()) {
			return new Appended(0, -1, -1);
		}
		try (Session session = open(jobId)) {
			return session.append(entries);
		}
	}

	/**
	 * Takes the job's log lock (fence and recovery included, steps 1 and 2) and keeps it
	 * until the returned session is closed: for a writer that has several appends to make
	 * one right after the other. Others wait for the lock meanwhile, so hold it briefly.
	 * @throws dev.workpool.lock.LockTimeoutException the lock was busy for the whole lock
	 * timeout
	 * @throws LockLostException the fence found the lock lost
	 */
	public Session open(long jobId) {
		Path file = JobLogFiles.path(this.logDir, jobId);
		LockHandle lock = this.locks.acquireUnrecorded(lockName(jobId), this.lockTimeout);
		try {
			Recovery.Position committed = fence(lock, jobId, file);
			return new Session(jobId, file, lock, committed, recover(jobId, file, committed));
		}
		catch (RuntimeException ex) {
			lock.release();
			throw ex;
		}
	}

	/**
	 * The job's log lock, held for one or more appends; not thread-safe (one thread at a
	 * time). {@link #close} commits what was appended and releases the lock.
	 */
	public final class Session implements AutoCloseable {

		private final long jobId;

		private final Path file;

		private final LockHandle lock;

		/** The position in {@code job_logs}, read by the fence. */
		private final Recovery.Position committed;

		/** Where the next entry goes. */
		private Recovery.Position position;

		/**
		 * Whether the lock was checked since the last write (the fence at open is, and
		 * {@link #verify}).
		 */
		private boolean fenced = true;

		private boolean closed;

		private Session(long jobId, Path file, LockHandle lock, Recovery.Position committed,
				Recovery.Position position) {
			this.jobId = jobId;
			this.file = file;
			this.lock = lock;
			this.committed = committed;
			this.position = position;
		}

		/**
		 * Checks that the lock is still held (its session answers a ping), so that the
		 * next {@link #append} need not: for a caller that has other things to do while
		 * the round trip lasts (a group commit gathers its batch meanwhile).
		 * @throws LockLostException the lock was lost
		 */
		public void verify() {
			if (this.closed) {
				throw new IllegalStateException("The log session of job " + this.jobId + " is closed");
			}
			this.lock.verifySession(JobLogWriter.this.lockTimeout);
			this.fenced = true;
		}

		/**
		 * Appends the entries, in order and contiguously; durable when this returns.
		 * Checks first that the lock is still held, unless nothing was written since the
		 * fence or the last {@link #verify}.
		 * @throws LockLostException the lock was lost; nothing was written
		 * @throws JobLogException the file could not be written
		 */
		public Appended append(List<LogEntry> entries) {
			if (this.closed) {
				throw new IllegalStateException("The log session of job " + this.jobId + " is closed");
			}
			if (entries.isEmpty()) {
				return new Appended(0, -1, -1);
			}
			List<byte[]> messages = new ArrayList<>(entries.size());
			for (LogEntry entry : entries) {
				messages.add(LogLine.escape(entry.message()).getBytes(StandardCharsets.UTF_8));
			}
			if (!this.fenced) {
				this.lock.verifySession(JobLogWriter.this.lockTimeout);
			}
			this.fenced = false;
			long firstSeq = this.position.nextSeq();
			byte[] bytes = lines(this.jobId, firstSeq, JobLogWriter.this.clock.instant(), entries, messages);
			long end = write(this.jobId, this.file, bytes, this.position.fileSize());
			this.position = new Recovery.Position(firstSeq + entries.size(), end);
			return new Appended(firstSeq, firstSeq + entries.size() - 1, end);
		}

		/**
		 * Commits the position of what was appended (if anything) and releases the lock,
		 * even when the commit fails. Idempotent.
		 * @throws LockLostException the commit failed: the entries are in the file, and
		 * the next writer adopts them
		 */
		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				if (this.position.nextSeq() != this.committed.nextSeq()) {
					commitPosition();
				}
			}
			finally {
				this.lock.release();
			}
		}

		/**
		 * Step 4: {@code next_seq} and {@code file_size} of what this session appended
		 * (and adopted), conditional on the lock and on the position the fence read.
		 */
		private void commitPosition() {
			long first = this.committed.nextSeq();
			long next = this.position.nextSeq();
			try (PreparedStatement statement = this.lock.connection().prepareStatement(COMMIT)) {
				statement.setLong(1, next);
				statement.setLong(2, this.position.fileSize());
				statement.setLong(3, this.jobId);
				statement.setLong(4, first);
				statement.setString(5, this.lock.name());
				if (statement.executeUpdate() == 1) {
					return;
				}
			}
			catch (SQLException ex) {
				throw new LockLostException(this.lock.name(),
						"the commit of entries " + first + ".." + (next - 1)
								+ " failed (they are in the file; the next writer adopts them): " + ex.getMessage(),
						ex);
			}
			throw new LockLostException(this.lock.name(),
					"found at the commit of entries " + first + ".." + (next - 1)
							+ " (they are in the file; the next writer adopts them unless another writer followed)",
					null);
		}

	}

	/** The committed position, read only if the lock is still ours. */
	private Recovery.Position fence(LockHandle lock, long jobId, Path file) {
		Connection connection = lock.connection();
		try {
			Recovery.Position committed = readFence(connection, lock.name(), jobId);
			if (committed == null) {
				discardForeignFile(jobId, file);
				try (PreparedStatement statement = connection.prepareStatement(CREATE)) {
					statement.setLong(1, jobId);
					statement.setString(2, lock.name());
					if (statement.executeUpdate() != 1) {
						throw new LockLostException(lock.name(), "found while creating the log row of job " + jobId,
								null);
					}
				}
				committed = new Recovery.Position(1, 0);
			}
			return committed;
		}
		catch (SQLException ex) {
			throw new LockLostException(lock.name(), "the fence query failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Before the first append to a job's log, a file under its name belongs to another
	 * job: the row of this job's log is written right after the lock is taken for its
	 * first append, before any line, so a file without it was left by a job that had the
	 * same id in a database since wiped or restored. Its lines must not be adopted as
	 * this job's; the janitor would delete a log of a job that no longer exists anyway.
	 */
	private static void discardForeignFile(long jobId, Path file) {
		try {
			long size = sizeOf(file);
			if (size > 0) {
				log.warn(
						"Log of job {}: {} ({} bytes) has no record in job_logs: it is the log of an earlier job "
								+ "with the same id (the database was wiped or restored); deleting it",
						jobId, file, size);
			}
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file, "cannot delete the log of an earlier job with the same id: " + ex,
					ex);
		}
	}

	private static Recovery.Position readFence(Connection connection, String lockName, long jobId) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(FENCE)) {
			statement.setString(1, lockName);
			statement.setLong(2, jobId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				if (rows.getInt("held") != 1) {
					throw new LockLostException(lockName, "the fence found another holder; nothing written", null);
				}
				long nextSeq = rows.getLong("next_seq");
				return rows.wasNull() ? null : new Recovery.Position(nextSeq, rows.getLong("file_size"));
			}
		}
	}

	private static Recovery.Position recover(long jobId, Path file, Recovery.Position committed) {
		try {
			long size = sizeOf(file);
			if (size == committed.fileSize()) {
				return committed;
			}
			if (size < committed.fileSize()) {
				log.warn("Log of job {}: {} is {} bytes, shorter than the committed {}; continuing at its end", jobId,
						file, size, committed.fileSize());
				return new Recovery.Position(committed.nextSeq(), size);
			}
			Recovery.Position recovered = Recovery.recover(file, committed.nextSeq(), committed.fileSize(), size);
			log.info("Log of job {}: adopted {} entries of a writer that died before committing, cut off {} bytes",
					jobId, recovered.nextSeq() - committed.nextSeq(), size - recovered.fileSize());
			return recovered;
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file, "recovery failed: " + ex, ex);
		}
	}

	private static byte[] lines(long jobId, long firstSeq, Instant now, List<LogEntry> entries, List<byte[]> messages) {
		List<byte[]> lines = new ArrayList<>(entries.size());
		String timestamp = LogLine.TIMESTAMP.format(now);
		int total = 0;
		for (int i = 0; i < entries.size(); i++) {
			byte[] line = LogLine.format(firstSeq + i, timestamp, jobId, entries.get(i), messages.get(i));
			lines.add(line);
			total += line.length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(total);
		lines.forEach(buffer::put);
		return buffer.array();
	}

	/**
	 * A stream, not a {@code FileChannel}: an interrupt would close a channel in the
	 * middle of the write or the {@code force} and fail the append (of every caller whose
	 * entries a worker's group commit put into it). {@code FileOutputStream} in append
	 * mode is {@code O_APPEND}, its {@code write} loops until every byte is written, and
	 * {@code FileDescriptor.sync()} is the same {@code fsync} as {@code force(true)}.
	 */
	private long write(long jobId, Path file, byte[] bytes, long fileSize) {
		try {
			boolean created = fileSize == 0 && !Files.exists(file);
			if (created) {
				Files.createDirectories(this.logDir);
			}
			long expected = fileSize + bytes.length;
			try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
				out.write(bytes);
				out.getFD().sync();
			}
			long end = Files.size(file);
			if (created) {
				forceDirectory();
			}
			if (end != expected) {
				log.error("Log of job {}: {} is {} bytes after the append, expected {}: another process wrote to it "
						+ "without holding the lock", jobId, file, end, expected);
			}
			return end;
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file, "append failed: " + ex, ex);
		}
	}

	/**
	 * Makes a new file's directory entry durable too; with the interrupt status cleared
	 * meanwhile, as a channel's {@code force} would give up on it.
	 */
	private void forceDirectory() {
		boolean interrupted = Thread.interrupted();
		try (FileChannel dir = FileChannel.open(this.logDir, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException ex) {
			// not supported on every platform; the file's own data is forced already
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static long sizeOf(Path file) throws IOException {
		try {
			return Files.size(file);
		}
		catch (NoSuchFileException ex) {
			return 0;
		}
	}

}
