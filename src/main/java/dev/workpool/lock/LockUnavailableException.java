package dev.workpool.lock;

/**
 * {@code GET_LOCK} returned NULL or failed with a server error that is not a lost
 * connection: the server refused the lock (the session was killed while waiting, out of
 * memory, a user-lock deadlock, a bad name).
 */
public class LockUnavailableException extends LockException {

	public LockUnavailableException(String lockName, String reason, Throwable cause) {
		super(lockName, "Lock '" + lockName + "' could not be acquired: " + reason, cause);
	}

}
