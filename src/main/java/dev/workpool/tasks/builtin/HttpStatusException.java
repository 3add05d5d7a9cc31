package dev.workpool.tasks.builtin;

import dev.workpool.WorkpoolException;

/**
 * An {@code http} task's request was answered with a 4xx status, or with a 5xx status or
 * a network error on its last attempt.
 */
final class HttpStatusException extends WorkpoolException {

	HttpStatusException(String message) {
		super(message);
	}

	HttpStatusException(String message, Throwable cause) {
		super(message, cause);
	}

}
