package dev.workpool;

/**
 * Base of every exception Workpool throws on purpose. Subclasses carry their context (job
 * id, task type, field) as fields and put it into the message, so a log line alone tells
 * what went wrong.
 */
public class WorkpoolException extends RuntimeException {

	public WorkpoolException(String message) {
		super(message);
	}

	public WorkpoolException(String message, Throwable cause) {
		super(message, cause);
	}

}
