package dev.workpool.jobs;

import dev.workpool.WorkpoolException;

/** No job has the given id. */
public class JobNotFoundException extends WorkpoolException {

	private final long jobId;

	public JobNotFoundException(long jobId) {
		super("Job " + jobId + " does not exist");
		this.jobId = jobId;
	}

	public long jobId() {
		return this.jobId;
	}

}
