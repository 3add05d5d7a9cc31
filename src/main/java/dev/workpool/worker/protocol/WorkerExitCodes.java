package dev.workpool.worker.protocol;

/**
 * Exit statuses of a worker process, shared so the parent can describe them.
 */
public final class WorkerExitCodes {

	/** Normal exit: after a Shutdown, or when its parent (stdin) went away. */
	public static final int OK = 0;

	/** The first frame was not a valid {@link Message.Init} of this protocol version. */
	public static final int PROTOCOL_ERROR = 2;

	/**
	 * Results could not be recorded (database unreachable) and a {@link Message.Fatal}
	 * was sent.
	 */
	public static final int DATABASE_LOST = 5;

	/** The JVM's {@code -XX:+ExitOnOutOfMemoryError} exits with this status. */
	public static final int OUT_OF_MEMORY = 3;

	/** An unexpected error in the worker runtime itself. */
	public static final int INTERNAL_ERROR = 4;

	private WorkerExitCodes() {
	}

}
