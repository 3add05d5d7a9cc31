package dev.workpool.api;

import dev.workpool.WorkpoolException;

/** A request body is larger than {@code workpool.api.max-request-size}. */
class PayloadTooLargeException extends WorkpoolException {

	private final long limitBytes;

	PayloadTooLargeException(long limitBytes) {
		super("Request body is larger than the limit of " + limitBytes + " bytes (workpool.api.max-request-size)");
		this.limitBytes = limitBytes;
	}

	long limitBytes() {
		return this.limitBytes;
	}

}
