package dev.workpool.tasks.builtin;

import dev.workpool.WorkpoolException;

/**
 * An {@code http} task's target is not allowed (SSRF protection): its host is not in the
 * allowed hosts, or it resolves to an address that must be listed literally.
 */
final class TargetRefusedException extends WorkpoolException {

	TargetRefusedException(String message) {
		super(message);
	}

}
