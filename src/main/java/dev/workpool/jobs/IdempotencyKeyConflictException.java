package dev.workpool.jobs;

import dev.workpool.WorkpoolException;

/**
 * An {@code Idempotency-Key} was used again with a different request, or while the
 * request that first used it is still being stored.
 */
public class IdempotencyKeyConflictException extends WorkpoolException {

	private final String key;

	private final Long jobId;

	private IdempotencyKeyConflictException(String message, String key, Long jobId) {
		super(message);
		this.key = key;
		this.jobId = jobId;
	}

	static IdempotencyKeyConflictException differentRequest(String key, long jobId) {
		return new IdempotencyKeyConflictException("Idempotency-Key '" + key + "' was already used for job " + jobId
				+ " with a different request; use a new key for a different job", key, jobId);
	}

	static IdempotencyKeyConflictException inProgress(String key) {
		return new IdempotencyKeyConflictException(
				"A request with Idempotency-Key '" + key + "' is still being stored; retry it in a moment", key, null);
	}

	public String key() {
		return this.key;
	}

	/** The job that holds the key, or null while its request is still being stored. */
	public Long jobId() {
		return this.jobId;
	}

}
