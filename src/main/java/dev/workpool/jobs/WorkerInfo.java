package dev.workpool.jobs;

import java.time.Instant;

/**
 * A live worker process of this node, as shown by {@code GET /api/v1/workers}.
 *
 * @param id worker id
 * @param pid operating-system process id
 * @param state STARTING, IDLE, BUSY or STOPPING
 * @param jobId job of the current chunk, or null
 * @param taskIndex index of the task it is running, or null
 * @param startedAt when the process started
 * @param tasksDone tasks this worker has finished
 */
public record WorkerInfo(String id, long pid, String state, Long jobId, Integer taskIndex, Instant startedAt,
		long tasksDone) {
}
