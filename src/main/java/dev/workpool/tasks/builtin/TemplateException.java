package dev.workpool.tasks.builtin;

import dev.workpool.WorkpoolException;

/** An input does not have a field a params template names. */
final class TemplateException extends WorkpoolException {

	TemplateException(String message) {
		super(message);
	}

}
