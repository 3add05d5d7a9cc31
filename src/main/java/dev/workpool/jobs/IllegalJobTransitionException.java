package dev.workpool.jobs;

import dev.workpool.WorkpoolException;

/** A job state change that {@link JobStatus#canMoveTo(JobStatus)} refuses. */
public class IllegalJobTransitionException extends WorkpoolException {

	private final long jobId;

	private final JobStatus from;

	private final JobStatus to;

	public IllegalJobTransitionException(long jobId, JobStatus from, JobStatus to) {
		super("Job " + jobId + " cannot move from " + from + " to " + to);
		this.jobId = jobId;
		this.from = from;
		this.to = to;
	}

	public long jobId() {
		return this.jobId;
	}

	public JobStatus from() {
		return this.from;
	}

	public JobStatus to() {
		return this.to;
	}

}
