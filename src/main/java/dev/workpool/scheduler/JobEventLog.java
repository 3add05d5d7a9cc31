package dev.workpool.scheduler;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.joblog.JobLogWriter;
import dev.workpool.joblog.LogEntry;

/**
 * The scheduler's own events for a job (started, task retried, worker crashed, cancelled,
 * finished), appended to the job's shared log through the same locked, durable path the
 * workers use — on a thread of its own, so the dispatcher never waits for a log lock or a
 * disk flush.
 */
public final class JobEventLog {

	private static final Logger log = LoggerFactory.getLogger(JobEventLog.class);

	private final JobLogWriter writer;

	private final long pid = ProcessHandle.current().pid();

	private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(10_000), (r) -> {
				Thread thread = new Thread(r, "workpool-job-events");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardOldestPolicy());

	public JobEventLog(JobLogWriter writer) {
		this.writer = writer;
	}

	void job(long jobId, String level, String message) {
		append(jobId, new LogEntry(null, null, this.pid, level, message));
	}

	void task(long jobId, int index, int attempt, String level, String message) {
		append(jobId, new LogEntry(index, attempt, this.pid, level, message));
	}

	/** Writes what is queued (bounded), then stops. */
	void close() {
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void append(long jobId, LogEntry entry) {
		this.executor.execute(() -> {
			try {
				this.writer.append(jobId, entry);
			}
			catch (RuntimeException ex) {
				log.warn("[job {}] could not write to the job log: {} ({})", jobId, entry.message(), ex.toString());
			}
		});
	}

}
