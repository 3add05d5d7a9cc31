package dev.workpool.tasks.builtin;

import dev.workpool.WorkpoolException;

/** A {@code command} task's program ran past {@code params.timeout} and was killed. */
final class CommandTimeoutException extends WorkpoolException {

	CommandTimeoutException(String message) {
		super(message);
	}

}
