package dev.workpool.api;

import java.time.Instant;

import dev.workpool.lock.HeldLock;

/**
 * A lock held right now.
 *
 * @param name the lock's name in the database ({@code workpool@<schema>:...})
 * @param requestedName the name its holder asked for, if known
 * @param connectionId the holder's database connection id
 * @param pid the holder's process id, if known
 * @param node the holder's node, if known
 * @param jobId the job the holder works for, if any
 * @param since when it was acquired (UTC), if known
 */
record LockResponse(String name, String requestedName, long connectionId, Long pid, String node, Long jobId,
		Instant since) {

	static LockResponse of(HeldLock lock) {
		return new LockResponse(lock.name(), lock.requestedName(), lock.connectionId(), lock.pid(), lock.node(),
				lock.jobId(), lock.since());
	}

}
