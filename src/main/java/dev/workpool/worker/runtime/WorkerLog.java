package dev.workpool.worker.runtime;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The worker's own log: one line per event on stderr, each prefixed with the worker id
 * and pid (and the job id when there is one), like HikariCP prefixes its lines with the
 * pool name. The parent reads stderr and logs these lines again under the worker's id.
 */
final class WorkerLog {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

	private final PrintStream err;

	private final String prefix;

	WorkerLog(PrintStream err, String workerId, long pid) {
		this(err, "[worker " + workerId + " pid " + pid + "] ");
	}

	private WorkerLog(PrintStream err, String prefix) {
		this.err = err;
		this.prefix = prefix;
	}

	/** The same log with the job id in every line's prefix. */
	WorkerLog forJob(long jobId) {
		return new WorkerLog(this.err, this.prefix.substring(0, this.prefix.length() - 2) + " job " + jobId + "] ");
	}

	void info(String message) {
		line("INFO ", message, null);
	}

	void warn(String message) {
		line("WARN ", message, null);
	}

	void warn(String message, Throwable failure) {
		line("WARN ", message, failure);
	}

	void error(String message, Throwable failure) {
		line("ERROR", message, failure);
	}

	/**
	 * One line (and the failure's stack trace) at {@code level}, padded to five
	 * characters like the others.
	 */
	void line(String level, String message, Throwable failure) {
		synchronized (this.err) {
			this.err.println(LocalTime.now().format(TIME) + " " + level + " " + this.prefix + message);
			if (failure != null) {
				failure.printStackTrace(this.err);
			}
			this.err.flush();
		}
	}

}
