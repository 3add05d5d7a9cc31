package dev.workpool.joblog;

import java.nio.file.Path;

import dev.workpool.WorkpoolException;

/** Reading or writing a job's log file failed (I/O), or an entry cannot be written. */
public class JobLogException extends WorkpoolException {

	private final long jobId;

	public JobLogException(long jobId, Path file, String problem, Throwable cause) {
		super("Log of job " + jobId + ((file != null) ? " (" + file + ")" : "") + ": " + problem, cause);
		this.jobId = jobId;
	}

	public long jobId() {
		return this.jobId;
	}

}
