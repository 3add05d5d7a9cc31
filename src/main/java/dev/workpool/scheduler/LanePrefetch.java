package dev.workpool.scheduler;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.Claim;
import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.TaskQueue;

/**
 * Queues the next chunk behind the running one of every lane that is at least half
 * through its chunk (at once when the job's chunks take under 50 ms), claimed under the
 * lane's claim id (it still counts once against the job's parallelism, ADR 8), so the
 * lane goes on without waiting for a claim. Not for chunkSize 1 (the user's choice for
 * long or uneven tasks: a task never waits behind another while a lane is free), and not
 * while another job waits for a worker: its lanes must free up for that job as they
 * would. Used on the dispatcher thread only.
 */
final class LanePrefetch {

	/**
	 * A lane whose chunks take less than this gets its next chunk as soon as it starts
	 * one: its progress reports arrive only at the chunk's end, too late for the half-way
	 * rule.
	 */
	static final long QUICK_CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final TaskQueue queue;

	private final String nodeId;

	private final int maxTasksPerWorker;

	private final long recheckNanos;

	/**
	 * @param recheckNanos how long a job rests after its queue was found empty
	 */
	LanePrefetch(TaskQueue queue, String nodeId, int maxTasksPerWorker, long recheckNanos) {
		this.queue = queue;
		this.nodeId = nodeId;
		this.maxTasksPerWorker = maxTasksPerWorker;
		this.recheckNanos = recheckNanos;
	}

	/**
	 * Claims and assigns the lanes' next chunks; {@code send} gets each chunk assigned to
	 * a ready worker.
	 * @param jobs the dispatcher's jobs by id
	 * @param waiting the jobs that wait for a worker now
	 */
	void run(Collection<WorkerSlot> workers, LongFunction<JobSlots> jobs, List<JobSlots> waiting, long now,
			BiConsumer<WorkerSlot, Chunk> send) {
		for (WorkerSlot worker : workers) {
			JobSlots slots = jobs.apply(worker.jobId());
			if (slots != null && mayPrefetch(worker, slots, waiting, now)) {
				prefetch(worker, slots, now, send);
			}
		}
	}

	private void prefetch(WorkerSlot worker, JobSlots slots, long now, BiConsumer<WorkerSlot, Chunk> send) {
		ActiveJob job = slots.job();
		for (Chunk head : worker.heads()) {
			if (!isDue(worker, head, slots)) {
				continue;
			}
			Claim claim = this.queue.extend(job.id(), this.nodeId, head.claimId(), job.chunkSize());
			if (claim.isEmpty()) {
				if (!claim.atParallelism()) {
					// nothing queued: look again later, as a claim that found none does
					slots.restUntil(now + this.recheckNanos);
					return;
				}
				// the lane's chunk ended meanwhile, or the job stopped: nothing to queue
				continue;
			}
			List<ClaimedTask> next = claim.chunks().get(0);
			Chunk chunk = new Chunk(job.id(), next, head.lane(), head.claimId());
			worker.assign(chunk, WorkerPool.lanesFor(job), now);
			if (worker.isReady()) {
				send.accept(worker, chunk);
			}
		}
	}

	/**
	 * Whether the lane of {@code head}, its running chunk, is due for its next one: a job
	 * with chunkSize above 1, nothing queued in the lane yet, and the chunk half done (or
	 * the job's chunks quick). Also asked on every progress report, so the dispatcher
	 * looks for work only when a lane is due.
	 */
	static boolean isDue(WorkerSlot worker, Chunk head, JobSlots slots) {
		int chunkSize = slots.job().chunkSize();
		return chunkSize > 1 && worker.chunksIn(head.lane()) == 1
				&& (head.undoneCount() <= chunkSize / 2 || slots.chunksAreQuick(QUICK_CHUNK_NANOS));
	}

	private boolean mayPrefetch(WorkerSlot worker, JobSlots slots, List<JobSlots> waiting, long now) {
		return worker.state() != WorkerSlot.State.STOPPING && worker.cancelSentNanos() == 0
				&& worker.killReason() == null && !slots.isCancelling() && !slots.isResting(now)
				&& slots.job().status() == JobStatus.RUNNING && waiting.stream().allMatch((other) -> other == slots)
				&& (this.maxTasksPerWorker <= 0 || worker.tasksDone() + worker.undoneTasks() < this.maxTasksPerWorker);
	}

}
