package dev.workpool.scheduler;

import java.util.UUID;

import dev.workpool.lock.LockOwner;

/**
 * This service instance: a fresh id per process start, so a restarted node never inherits
 * the claims of its previous life (those are recovered once its lease expires).
 */
public record NodeIdentity(String id, String host, long pid) {

	public static NodeIdentity current() {
		long pid = ProcessHandle.current().pid();
		String host = LockOwner.hostName();
		String id = host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8);
		return new NodeIdentity((id.length() > 64) ? id.substring(id.length() - 64) : id, host, pid);
	}

}
