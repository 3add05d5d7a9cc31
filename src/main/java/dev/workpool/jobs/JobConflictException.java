package dev.workpool.jobs;

import dev.workpool.WorkpoolException;

/** A job row changed between reading it and updating it (optimistic locking). */
public class JobConflictException extends WorkpoolException {

	private final long jobId;

	private final long expectedVersion;

	private final Long actualVersion;

	/**
	 * @param jobId the job
	 * @param expectedVersion the version the update was conditional on
	 * @param actualVersion the version the row has now, or null if it is gone
	 */
	public JobConflictException(long jobId, long expectedVersion, Long actualVersion) {
		super("Job " + jobId + " was changed concurrently: expected version " + expectedVersion + " but found "
				+ ((actualVersion != null) ? "version " + actualVersion : "no row"));
		this.jobId = jobId;
		this.expectedVersion = expectedVersion;
		this.actualVersion = actualVersion;
	}

	public long jobId() {
		return this.jobId;
	}

	public long expectedVersion() {
		return this.expectedVersion;
	}

	public Long actualVersion() {
		return this.actualVersion;
	}

}
