package dev.workpool.lock;

import java.time.Instant;

/**
 * A lock of this installation ({@code workpool@<schema>:...}) that is held right now.
 *
 * @param name the lock's name in the database ({@code workpool@<schema>:...}, at most 64
 * characters)
 * @param requestedName the name the holder asked for (before namespacing and hashing), or
 * null when the holder is not a Workpool process that recorded itself
 * @param connectionId the {@code CONNECTION_ID()} of the holding session
 * @param pid the holder's process id, or null if unknown
 * @param node the holder's node, or null if unknown
 * @param jobId the job the holder works for, or null
 * @param since when the lock was acquired (database clock, UTC), or null if unknown
 */
public record HeldLock(String name, String requestedName, long connectionId, Long pid, String node, Long jobId,
		Instant since) {
}
