package dev.workpool.lock;

/**
 * The database connection failed while acquiring, checking or releasing a lock (could not
 * be opened, was closed, was killed). The lock is not held by this process; if it was,
 * the server released it with the connection.
 */
public class LockConnectionException extends LockException {

	public LockConnectionException(String lockName, String action, Throwable cause) {
		super(lockName, "Lock '" + lockName + "': database connection failed while " + action + ": " + cause, cause);
	}

}
