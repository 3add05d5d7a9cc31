package dev.workpool.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.JobLifecycle;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.TaskQueue;
import dev.workpool.worker.protocol.Message;

/**
 * Where work stops: a cancelled job's running tasks are asked to stop, jobs past their
 * deadline are stopped, a job whose tasks all ended is finished, and on shutdown the node
 * drains. Used on the dispatcher thread, except {@link #awaitDrained} and
 * {@link #endDrain()} (on the thread that stops the dispatcher) and {@link #isDraining()}
 * (any thread).
 */
final class JobStops {

	private static final Logger log = LoggerFactory.getLogger(JobStops.class);

	private final JobLifecycle lifecycle;

	private final TaskQueue queue;

	private final WorkerPool pool;

	private final Settlements settlements;

	private final JobTable jobs;

	private final DispatcherSettings settings;

	private final String nodeId;

	private final JobEventLog events;

	/** The dispatcher's settle: a write that fails is reconciled later. */
	private final BiConsumer<String, Runnable> settle;

	/**
	 * Set by {@link #beginDrain} on the dispatcher thread; read also by
	 * {@link #awaitDrained} on the thread that stops the dispatcher.
	 */
	private volatile boolean draining;

	JobStops(JobLifecycle lifecycle, TaskQueue queue, WorkerPool pool, Settlements settlements, JobTable jobs,
			DispatcherSettings settings, String nodeId, JobEventLog events, BiConsumer<String, Runnable> settle) {
		this.lifecycle = lifecycle;
		this.queue = queue;
		this.pool = pool;
		this.settlements = settlements;
		this.jobs = jobs;
		this.settings = settings;
		this.nodeId = nodeId;
		this.events = events;
		this.settle = settle;
	}

	boolean isDraining() {
		return this.draining;
	}

	/**
	 * Stops the jobs whose deadline passed (by the database's clock; any replica may do
	 * it, the job row's lock makes it happen once): they become CANCELLING and are
	 * cancelled like any cancel, or FAILED at once when nothing of theirs runs.
	 * @return whether any job changed
	 */
	boolean stopJobsPastDeadline(List<ActiveJob> active) {
		boolean changed = false;
		for (ActiveJob job : active) {
			if (!job.pastDeadline() || job.status() == JobStatus.CANCELLING) {
				continue;
			}
			Optional<JobStatus> stopped = this.lifecycle.stopPastDeadline(job.id());
			if (stopped.isPresent()) {
				changed = true;
				log.warn("[node {}] job {} passed its deadline: {}", this.nodeId, job.id(), stopped.get());
				this.events.job(job.id(), "WARN",
						JobLifecycle.DEADLINE_EXCEEDED + ": the job passed its deadline; "
								+ ((stopped.get() == JobStatus.FAILED) ? "job finished: FAILED"
										: "no new tasks start, running tasks are asked to stop"));
			}
		}
		return changed;
	}

	void cancel(JobSlots slots, long now) {
		if (!slots.isCancelling()) {
			this.events.job(slots.job().id(), "WARN", "cancel requested: no new tasks start; running tasks are asked "
					+ "to stop and their workers killed after " + this.settings.cancelGrace());
		}
		slots.markCancelling();
		for (WorkerSlot worker : this.pool.all()) {
			if (worker.jobId() != slots.job().id() || worker.cancelSentNanos() != 0) {
				continue;
			}
			if (!worker.isReady()) {
				for (Chunk chunk : worker.chunks()) {
					this.settle.accept("cancel the chunk of a starting worker",
							() -> this.queue.cancel(chunk.undone()));
					this.jobs.chunkReleased(worker, chunk, now);
				}
				this.pool.retire(worker);
				continue;
			}
			worker.cancelSent(now);
			this.pool.send(worker, new Message.Cancel(slots.job().id()));
		}
		if (slots.runningLanes() == 0) {
			finishIfComplete(slots.job().id());
		}
	}

	void finishIfComplete(long jobId) {
		this.lifecycle.finishIfComplete(jobId).ifPresent((status) -> {
			this.jobs.markStale();
			log.info("[node {}] job {} finished: {}", this.nodeId, jobId, status);
			this.events.job(jobId, (status == JobStatus.SUCCEEDED) ? "INFO" : "WARN", "job finished: " + status);
		});
	}

	/**
	 * On the loop: idle and starting workers are stopped (a starting one's chunk goes
	 * back to the queue), busy ones asked to finish their current task and exit, and
	 * killed when the grace is over.
	 */
	void beginDrain(Duration grace) {
		this.draining = true;
		long now = System.nanoTime();
		for (WorkerSlot worker : this.pool.all()) {
			if (!worker.isReady()) {
				for (Chunk chunk : worker.chunks()) {
					this.settle.accept("hand back a starting worker's chunk", () -> this.settlements.handBack(chunk));
					this.jobs.chunkReleased(worker, chunk, now);
				}
			}
			if (worker.state() != WorkerSlot.State.STOPPING) {
				this.pool.retire(worker, worker.hasChunks() ? grace : this.settings.stopGrace());
			}
		}
		this.pool.publishSnapshot();
	}

	/**
	 * On the thread that stops the dispatcher: waits until the drain began and the last
	 * worker is gone (by the pool's snapshot), or the deadline passed.
	 * @return whether the workers were all gone in time
	 */
	boolean awaitDrained(long deadlineNanos) {
		while (System.nanoTime() < deadlineNanos) {
			if (this.draining && this.pool.snapshot().isEmpty()) {
				return true;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/**
	 * On the thread that stops the dispatcher, once its loop ended: kills the workers
	 * left, closes the job event log and hands this node's unfinished claims back to the
	 * queue.
	 */
	void endDrain() {
		this.pool.killAll();
		this.pool.stopAll();
		this.events.close();
		try {
			int released = this.queue.releaseNode(this.nodeId);
			log.info("[node {}] dispatcher stopped; {} unfinished claims handed back to the queue", this.nodeId,
					released);
		}
		catch (RuntimeException ex) {
			log.warn("[node {}] dispatcher stopped; its claims will be recovered when its lease expires: {}",
					this.nodeId, ex.toString());
		}
	}

}
