package dev.workpool.scheduler;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.JobLifecycle;

/**
 * The jobs the dispatcher works on, each with its {@link JobSlots}: the active jobs of
 * the database, and those that ended while lanes of this node still run their chunks.
 * Used on the dispatcher thread, except {@link #markStale()} and {@link #count()}, which
 * any thread may call.
 */
final class JobTable {

	private final JobLifecycle lifecycle;

	private final Duration pollInterval;

	private final Map<Long, JobSlots> jobs = new HashMap<>();

	/** Set on any thread by {@link Dispatcher#wake()}. */
	private volatile boolean stale = true;

	/** How many jobs {@link #jobs} holds, for {@link SchedulerMetrics}. */
	private volatile int count;

	private List<ActiveJob> active = List.of();

	private long readNanos;

	JobTable(JobLifecycle lifecycle, Duration pollInterval) {
		this.lifecycle = lifecycle;
		this.pollInterval = pollInterval;
	}

	/** The job's slots, or null when the dispatcher does not work on it. */
	JobSlots get(long jobId) {
		return this.jobs.get(jobId);
	}

	/** Something changed the active jobs: {@link #activeJobs} reads them again. */
	void markStale() {
		this.stale = true;
	}

	int count() {
		return this.count;
	}

	/**
	 * The active jobs, read from the database only when something changed them (a submit,
	 * cancel, recovery or finish woke the dispatcher) or once per poll interval (other
	 * replicas); a finished chunk, the hot path, reuses the list it has.
	 */
	List<ActiveJob> activeJobs(long now) {
		if (!this.stale && now - this.readNanos < this.pollInterval.toNanos()) {
			return this.active;
		}
		this.stale = false;
		this.readNanos = now;
		this.active = this.lifecycle.activeJobs();
		Map<Long, ActiveJob> byId = new HashMap<>();
		for (ActiveJob job : this.active) {
			byId.put(job.id(), job);
			this.jobs.computeIfAbsent(job.id(), (id) -> new JobSlots(job)).update(job);
		}
		this.jobs.entrySet().removeIf((e) -> !byId.containsKey(e.getKey()) && e.getValue().runningLanes() == 0);
		this.count = this.jobs.size();
		return this.active;
	}

	/**
	 * The chunk left the worker (done, handed back or settled): its lane is free unless
	 * another chunk waits in it.
	 */
	void chunkReleased(WorkerSlot worker, Chunk chunk, long now) {
		worker.releaseChunk(chunk, now);
		JobSlots slots = this.jobs.get(chunk.jobId());
		if (slots != null && worker.head(chunk.lane()) == null) {
			slots.laneEnded();
		}
	}

}
