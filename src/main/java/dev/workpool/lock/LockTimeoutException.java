package dev.workpool.lock;

import java.time.Duration;

/** {@code GET_LOCK} returned 0: somebody else held the lock for the whole timeout. */
public class LockTimeoutException extends LockException {

	private final Duration timeout;

	public LockTimeoutException(String lockName, Duration timeout) {
		super(lockName, "Lock '" + lockName + "' is held by another session; not acquired within " + timeout, null);
		this.timeout = timeout;
	}

	public Duration timeout() {
		return this.timeout;
	}

}
