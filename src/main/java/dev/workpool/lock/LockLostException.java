package dev.workpool.lock;

/**
 * A holder found out that its lock is no longer its own (its connection died or was
 * killed, for instance by {@code wait_timeout}): whatever the lock protects must not be
 * written any more under this handle.
 */
public class LockLostException extends LockException {

	public LockLostException(String lockName, String detail, Throwable cause) {
		super(lockName, "Lock '" + lockName + "' is no longer held by this session: " + detail, cause);
	}

}
