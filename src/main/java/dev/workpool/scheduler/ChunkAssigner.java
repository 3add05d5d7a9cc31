package dev.workpool.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.Claim;
import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.JobLifecycle;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.RetryPolicy;
import dev.workpool.jobs.TaskQueue;
import dev.workpool.worker.launcher.WorkerListener;
import dev.workpool.worker.protocol.Message;

/**
 * Claims chunks of queued tasks for the jobs with free parallelism slots (highest
 * priority first; among equal priorities the job with the fewest workers here) and hands
 * them to idle (or new) workers; then queues the next chunk of the lanes that are due
 * ({@link LanePrefetch}). Used on the dispatcher thread, except {@link #pauseClaiming()}
 * and {@link #resumeClaiming()} (any thread).
 */
final class ChunkAssigner {

	/** How long a job rests after a claim found its queue empty. */
	private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final JobLifecycle lifecycle;

	private final TaskQueue queue;

	private final WorkerPool pool;

	private final JobTable jobs;

	private final JobStops stops;

	private final LanePrefetch prefetch;

	private final JobEventLog events;

	private final DispatcherSettings settings;

	private final String nodeId;

	/** The listener of the workers it starts. */
	private final WorkerListener listener;

	/** Cleared on any thread by {@link Dispatcher#pauseClaiming()} and on shutdown. */
	private volatile boolean claiming = true;

	ChunkAssigner(JobLifecycle lifecycle, TaskQueue queue, WorkerPool pool, JobTable jobs, JobStops stops,
			JobEventLog events, DispatcherSettings settings, String nodeId, WorkerListener listener) {
		this.lifecycle = lifecycle;
		this.queue = queue;
		this.pool = pool;
		this.jobs = jobs;
		this.stops = stops;
		this.prefetch = new LanePrefetch(queue, nodeId, settings.maxTasksPerWorker(), RECHECK_NANOS);
		this.events = events;
		this.settings = settings;
		this.nodeId = nodeId;
		this.listener = listener;
	}

	void pauseClaiming() {
		this.claiming = false;
	}

	void resumeClaiming() {
		this.claiming = true;
	}

	/**
	 * Hands out chunks while the node has room and some job waits; then, unless claiming
	 * is paused (as it is for good once the node stops), queues the lanes' next chunks.
	 * @param active the active jobs by priority (highest first), then id
	 */
	void assign(List<ActiveJob> active, long now) {
		Set<Long> passed = new HashSet<>();
		while (this.claiming && this.pool.hasCapacity(now)) {
			List<JobSlots> waiting = waitingJobs(active, passed, now);
			if (waiting.isEmpty()) {
				break;
			}
			JobSlots next = nextInLine(waiting);
			// alone, a job takes every free worker in one claim; with others waiting,
			// one at a time, so the fewest-workers rule shares them out
			int chunks = (waiting.size() == 1) ? Math.min(this.pool.freeLanes(next.job(), now), next.freeSlots()) : 1;
			if (!assignChunks(next, chunks, now)) {
				passed.add(next.job().id());
			}
		}
		if (this.claiming) {
			this.prefetch.run(this.pool.all(), this.jobs::get, waitingJobs(active, Set.of(), now), now,
					(worker, chunk) -> this.pool.send(worker,
							runChunk(this.jobs.get(chunk.jobId()).job(), chunk.tasks(), chunk.lane())));
		}
	}

	/**
	 * The jobs that want a worker now, in the order of {@code active}: by priority
	 * (highest first), then id.
	 */
	private List<JobSlots> waitingJobs(List<ActiveJob> active, Set<Long> passed, long now) {
		List<JobSlots> waiting = new ArrayList<>();
		for (ActiveJob job : active) {
			JobSlots slots = this.jobs.get(job.id());
			if (slots != null && !passed.contains(job.id()) && job.status() != JobStatus.CANCELLING
					&& slots.wantsChunk(now)) {
				waiting.add(slots);
			}
		}
		return waiting;
	}

	/**
	 * The job that gets the next free worker: highest priority first; among equal
	 * priorities the one with the fewest workers on this node, then the oldest — so a
	 * small job submitted after a huge one gets the next worker that frees up.
	 * @param waiting by priority (highest first), then id; not empty
	 */
	private static JobSlots nextInLine(List<JobSlots> waiting) {
		JobSlots best = waiting.get(0);
		for (JobSlots slots : waiting) {
			if (slots.job().priority() < best.job().priority()) {
				break;
			}
			if (slots.runningLanes() < best.runningLanes()) {
				best = slots;
			}
		}
		return best;
	}

	/**
	 * Claims up to {@code chunks} chunks of the job in one transaction and hands each to
	 * a worker. The claim itself holds the job's parallelism across all nodes.
	 * @return whether any chunk was handed out
	 */
	private boolean assignChunks(JobSlots slots, int chunks, long now) {
		ActiveJob job = slots.job();
		if (!slots.wantsChunk(now)) {
			return false;
		}
		if (job.status() == JobStatus.QUEUED) {
			start(slots);
		}
		Claim claim = this.queue.claim(job.id(), this.nodeId, job.chunkSize(), chunks);
		if (claim.atParallelism()) {
			// other nodes run its parallelism; look again at the next poll
			slots.restUntil(now + this.settings.pollInterval().toNanos());
			return false;
		}
		if (claim.isEmpty()) {
			slots.restUntil(now + RECHECK_NANOS);
			if (slots.runningLanes() == 0) {
				this.stops.finishIfComplete(job.id());
			}
			return false;
		}
		return handOut(slots, job, claim, now) > 0;
	}

	/** The job's first claim on this node: it is RUNNING from now on. */
	private void start(JobSlots slots) {
		ActiveJob job = slots.job();
		this.lifecycle.markRunning(job.id());
		slots.update(job.withStatus(JobStatus.RUNNING));
		this.events.job(job.id(), "INFO",
				"job started on node " + this.nodeId + ": task type " + job.taskType() + ", parallelism "
						+ job.parallelism() + ", chunk size " + job.chunkSize()
						+ ((job.threadsPerWorker() > 1) ? ", threads per worker " + job.threadsPerWorker() : ""));
	}

	/**
	 * Hands each chunk of the claim to a worker while there is one.
	 * @return how many chunks were handed out
	 */
	private int handOut(JobSlots slots, ActiveJob job, Claim claim, long now) {
		int assigned = 0;
		try {
			for (List<ClaimedTask> chunk : claim.chunks()) {
				WorkerSlot worker = this.pool.acquire(this.listener, job.id(), now);
				if (worker == null) {
					break;
				}
				int lane = worker.freeLane();
				worker.assign(new Chunk(job.id(), chunk, lane, claim.claimIds().get(assigned)),
						WorkerPool.lanesFor(job), now);
				slots.laneStarted();
				assigned++;
				if (worker.isReady()) {
					this.pool.send(worker, runChunk(job, chunk, lane));
				}
			}
		}
		finally {
			// never leave a claim behind that no worker runs
			List<List<ClaimedTask>> unassigned = claim.chunks().subList(assigned, claim.chunks().size());
			if (!unassigned.isEmpty()) {
				this.queue.requeue(unassigned.stream().flatMap(List::stream).map(ClaimedTask::ref).toList());
			}
		}
		return assigned;
	}

	/** The frame that has a worker run the chunk's tasks in the lane. */
	static Message.RunChunk runChunk(ActiveJob job, List<ClaimedTask> tasks, int lane) {
		RetryPolicy retry = job.retry();
		List<Message.TaskItem> items = tasks.stream()
			.map((t) -> new Message.TaskItem(t.taskId(), t.index(), t.attempt(), t.failures(), t.inputJson(),
					retry.backoff().delayMicros(t.failures(), ThreadLocalRandom.current().nextDouble())))
			.toList();
		// taskTimeoutMillis 0: the parent enforces the timeout by killing the worker, so
		// a task that ignores interrupts cannot outlive it and the worker's state is
		// never suspect
		return new Message.RunChunk(job.id(), job.taskType(), job.paramsJson(), 0, job.maxAttempts(),
				retry.retries(FailureCause.ERROR), retry.retries(FailureCause.TIMEOUT), items, lane);
	}

}
