package dev.workpool.tasks.builtin;

import dev.workpool.WorkpoolException;

/**
 * A {@code command} task's program exited with a non-zero code (and the job asked to fail
 * on it), or could not be started.
 */
final class CommandFailedException extends WorkpoolException {

	CommandFailedException(String message) {
		super(message);
	}

}
