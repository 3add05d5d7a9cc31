package dev.workpool.lock;

import dev.workpool.WorkpoolException;

/** Base of the lock errors; every one names the lock (as the database knows it). */
public abstract class LockException extends WorkpoolException {

	private final String lockName;

	protected LockException(String lockName, String message, Throwable cause) {
		super(message, cause);
		this.lockName = lockName;
	}

	/** The lock's name in the database ({@code workpool@<schema>:...}). */
	public String lockName() {
		return this.lockName;
	}

}
