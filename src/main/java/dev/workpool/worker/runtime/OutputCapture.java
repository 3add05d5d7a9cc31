package dev.workpool.worker.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.workpool.joblog.LogEntry;

/**
 * What tasks print to {@code System.out} and {@code System.err}, line by line, into the
 * job log of the task running now (levels STDOUT and STDERR). Lines are batched and
 * appended under one lock acquisition when 100 are pending, every few hundred
 * milliseconds, and always when the task ends — before its result is recorded — including
 * a last line without a newline. A line longer than 64 KiB is split into several entries.
 * Outside a task, output goes to the worker's stderr. The protocol never sees any of it:
 * it uses the worker's real stdout.
 */
final class OutputCapture {

	static final int MAX_ENTRY_BYTES = 64 * 1024;

	private static final int MAX_PENDING = 100;

	private static final long FLUSH_INTERVAL_MILLIS = 250;

	private final TaskLog taskLog;

	private final PrintStream fallback;

	private final WorkerLog log;

	/**
	 * Guards the partial lines, the pending entries and the current task; never held
	 * during I/O.
	 */
	private final Object buffer = new Object();

	/** Serializes appends so batches reach the log in the order they were taken. */
	private final ReentrantLock appendLock = new ReentrantLock();

	private final Partial out = new Partial("STDOUT");

	private final Partial err = new Partial("STDERR");

	private final List<LogEntry> pending = new ArrayList<>();

	private Current current;

	OutputCapture(TaskLog taskLog, PrintStream fallback, WorkerLog log) {
		this.taskLog = taskLog;
		this.fallback = fallback;
		this.log = log;
	}

	PrintStream stdout() {
		return new PrintStream(new Sink(this.out), true, StandardCharsets.UTF_8);
	}

	PrintStream stderr() {
		return new PrintStream(new Sink(this.err), true, StandardCharsets.UTF_8);
	}

	/**
	 * Starts the flusher: a daemon thread of its own, so neither the heartbeat nor a
	 * printing thread ever waits for a log lock or a disk flush.
	 */
	void startFlusher() {
		Thread flusher = new Thread(() -> {
			while (true) {
				synchronized (this.buffer) {
					try {
						this.buffer.wait(FLUSH_INTERVAL_MILLIS);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
				flush();
			}
		}, "output-flusher");
		flusher.setDaemon(true);
		flusher.start();
	}

	/** Output from now on belongs to this task. */
	void begin(long jobId, int index, int attempt) {
		synchronized (this.buffer) {
			this.current = new Current(jobId, index, attempt);
		}
	}

	/** Writes everything the task printed, partial last lines included, to its log. */
	void end() {
		this.appendLock.lock();
		try {
			Batch batch;
			synchronized (this.buffer) {
				if (this.current == null) {
					return;
				}
				this.out.drain(false);
				this.err.drain(false);
				batch = take();
				this.current = null;
			}
			append(batch);
		}
		finally {
			this.appendLock.unlock();
		}
	}

	/** Appends the complete lines printed so far. */
	void flush() {
		this.appendLock.lock();
		try {
			Batch batch;
			synchronized (this.buffer) {
				batch = take();
			}
			append(batch);
		}
		finally {
			this.appendLock.unlock();
		}
	}

	private Batch take() {
		if (this.current == null || this.pending.isEmpty()) {
			return null;
		}
		Batch batch = new Batch(this.current.jobId(), new ArrayList<>(this.pending));
		this.pending.clear();
		return batch;
	}

	private void append(Batch batch) {
		if (batch == null) {
			return;
		}
		try {
			this.taskLog.append(batch.jobId(), batch.entries());
		}
		catch (RuntimeException ex) {
			this.log.forJob(batch.jobId()).warn("Job log unavailable, task output follows here: " + ex);
			batch.entries().forEach((e) -> this.fallback.println("[" + e.level() + "] " + e.message()));
		}
	}

	private void write(Partial stream, byte[] bytes, int offset, int length) {
		synchronized (this.buffer) {
			if (this.current == null) {
				this.fallback.write(bytes, offset, length);
				return;
			}
			stream.append(bytes, offset, length);
			if (this.pending.size() >= MAX_PENDING) {
				this.buffer.notifyAll();
			}
		}
	}

	private record Batch(long jobId, List<LogEntry> entries) {
	}

	private record Current(long jobId, int index, int attempt) {
	}

	/** The unfinished line of one stream. Touched only under {@code buffer}. */
	private final class Partial {

		private final String level;

		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		Partial(String level) {
			this.level = level;
		}

		void append(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				if (bytes[i] == '\n') {
					drain(true);
				}
				else {
					this.line.write(bytes[i]);
					if (this.line.size() >= MAX_ENTRY_BYTES) {
						drain(true);
					}
				}
			}
		}

		void drain(boolean evenIfEmpty) {
			if (this.line.size() == 0 && !evenIfEmpty) {
				return;
			}
			String text = this.line.toString(StandardCharsets.UTF_8);
			this.line.reset();
			if (text.endsWith("\r")) {
				text = text.substring(0, text.length() - 1);
			}
			if (!text.isEmpty() || evenIfEmpty) {
				Current task = OutputCapture.this.current;
				OutputCapture.this.pending.add(LogEntry.ofTask(task.index(), task.attempt(), this.level, text));
			}
		}

	}

	private final class Sink extends OutputStream {

		private final Partial stream;

		Sink(Partial stream) {
			this.stream = stream;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			OutputCapture.this.write(this.stream, bytes, offset, length);
		}

	}

}
