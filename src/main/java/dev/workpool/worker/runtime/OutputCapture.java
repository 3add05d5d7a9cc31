package dev.workpool.worker.runtime;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.workpool.joblog.LogEntry;

/**
 * What tasks print to {@code System.out} and {@code System.err}, line by line, into the
 * job log of the task that printed it (levels STDOUT and STDERR). A worker may run
 * several tasks at once, one per task thread: output belongs to the task of the thread
 * that writes it; output of any other thread (one a task started itself) belongs to the
 * task running when exactly one runs, and goes to the worker's stderr otherwise. Lines
 * are batched and appended under one lock acquisition when 100 are pending, every few
 * hundred milliseconds, and always when a task ends — before its result is recorded —
 * including a last line without a newline. A line longer than 64 KiB is split into
 * several entries. The protocol never sees any of it: it uses the worker's real stdout.
 */
final class OutputCapture {

	static final int MAX_ENTRY_BYTES = 64 * 1024;

	private static final int MAX_PENDING = 100;

	private static final long FLUSH_INTERVAL_MILLIS = 250;

	private final TaskLog taskLog;

	private final PrintStream fallback;

	private final WorkerLog log;

	/**
	 * Guards the partial lines, the pending entries and the running tasks; never held
	 * during I/O.
	 */
	private final Object buffer = new Object();

	/** Serializes appends so batches reach the log in the order they were taken. */
	private final ReentrantLock appendLock = new ReentrantLock();

	/** The task each task thread runs now. */
	private final Map<Thread, TaskOutput> running = new HashMap<>();

	/** Complete lines not yet appended, by job, in the order they were printed. */
	private final Map<Long, List<LogEntry>> pending = new LinkedHashMap<>();

	private int pendingCount;

	OutputCapture(TaskLog taskLog, PrintStream fallback, WorkerLog log) {
		this.taskLog = taskLog;
		this.fallback = fallback;
		this.log = log;
	}

	PrintStream stdout() {
		return new PrintStream(new Sink(true), true, StandardCharsets.UTF_8);
	}

	PrintStream stderr() {
		return new PrintStream(new Sink(false), true, StandardCharsets.UTF_8);
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

	/** Output of the calling thread from now on belongs to this task. */
	void begin(long jobId, int index, int attempt) {
		synchronized (this.buffer) {
			this.running.put(Thread.currentThread(), new TaskOutput(jobId, index, attempt));
		}
	}

	/**
	 * The calling thread's task ended: writes everything it printed, partial last lines
	 * included, to its log (with whatever other tasks printed meanwhile).
	 */
	void end() {
		appendTaken(() -> {
			TaskOutput task = this.running.remove(Thread.currentThread());
			if (task != null) {
				task.drain();
			}
			return take();
		});
	}

	/** Ends every task still running (the worker exits): writes what they printed. */
	void endAll() {
		appendTaken(() -> {
			this.running.values().forEach(TaskOutput::drain);
			this.running.clear();
			return take();
		});
	}

	/** Appends the complete lines printed so far. */
	void flush() {
		appendTaken(this::take);
	}

	/**
	 * Takes batches under {@code buffer} and appends them outside it, under
	 * {@code appendLock} so batches reach the log in the order they were taken.
	 */
	private void appendTaken(Supplier<List<Batch>> taker) {
		this.appendLock.lock();
		try {
			List<Batch> batches;
			synchronized (this.buffer) {
				batches = taker.get();
			}
			batches.forEach(this::append);
		}
		finally {
			this.appendLock.unlock();
		}
	}

	private List<Batch> take() {
		List<Batch> batches = new ArrayList<>(this.pending.size());
		this.pending.forEach((jobId, entries) -> batches.add(new Batch(jobId, entries)));
		this.pending.clear();
		this.pendingCount = 0;
		return batches;
	}

	private void append(Batch batch) {
		try {
			this.taskLog.append(batch.jobId(), batch.entries());
		}
		catch (RuntimeException ex) {
			this.log.forJob(batch.jobId()).warn("Job log unavailable, task output follows here: " + ex);
			batch.entries().forEach((e) -> this.fallback.println("[" + e.level() + "] " + e.message()));
		}
	}

	private void write(boolean stdout, byte[] bytes, int offset, int length) {
		synchronized (this.buffer) {
			TaskOutput task = this.running.get(Thread.currentThread());
			if (task == null && this.running.size() == 1) {
				task = this.running.values().iterator().next();
			}
			if (task == null) {
				this.fallback.write(bytes, offset, length);
				return;
			}
			(stdout ? task.out : task.err).append(bytes, offset, length);
			if (this.pendingCount >= MAX_PENDING) {
				this.buffer.notifyAll();
			}
		}
	}

	private void pend(long jobId, LogEntry entry) {
		this.pending.computeIfAbsent(jobId, (id) -> new ArrayList<>()).add(entry);
		this.pendingCount++;
	}

	private record Batch(long jobId, List<LogEntry> entries) {
	}

	/** A running task's unfinished output lines. Touched only under {@code buffer}. */
	private final class TaskOutput {

		private final Partial out;

		private final Partial err;

		TaskOutput(long jobId, int index, int attempt) {
			this.out = new Partial(jobId, index, attempt, "STDOUT");
			this.err = new Partial(jobId, index, attempt, "STDERR");
		}

		/** Its unfinished last lines become entries. */
		void drain() {
			this.out.drain(false);
			this.err.drain(false);
		}

	}

	/**
	 * The unfinished line of one stream of one task. Touched only under {@code buffer}.
	 */
	private final class Partial {

		private final long jobId;

		private final int index;

		private final int attempt;

		private final String level;

		private final ByteArrayOutputStream line = new ByteArrayOutputStream();

		Partial(long jobId, int index, int attempt, String level) {
			this.jobId = jobId;
			this.index = index;
			this.attempt = attempt;
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
				pend(this.jobId, LogEntry.ofTask(this.index, this.attempt, this.level, text));
			}
		}

	}

	private final class Sink extends OutputStream {

		private final boolean stdout;

		Sink(boolean stdout) {
			this.stdout = stdout;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			OutputCapture.this.write(this.stdout, bytes, offset, length);
		}

	}

}
