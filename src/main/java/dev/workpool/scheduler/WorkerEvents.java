package dev.workpool.scheduler;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.ClaimedTask;
import dev.workpool.worker.launcher.WorkerListener;
import dev.workpool.worker.launcher.WorkerProcess;
import dev.workpool.worker.protocol.Message;

/**
 * Turns worker events into the dispatcher's bookkeeping and task settlements: a ready
 * worker gets the chunks assigned to it while it started, a task result is counted (a
 * skipped task settled), a finished chunk frees its lane, an exited worker's chunks are
 * handed back or charged. Its {@link #listener()} gets the events on the workers' reader
 * threads and queues them to the dispatcher thread, where all the rest runs.
 */
final class WorkerEvents {

	private static final Logger log = LoggerFactory.getLogger(WorkerEvents.class);

	private final WorkerPool pool;

	private final JobTable jobs;

	private final Settlements settlements;

	private final DispatcherSettings settings;

	private final String nodeId;

	private final SchedulerMetrics metrics;

	private final JobEventLog events;

	/** The dispatcher's settle: a write that fails is reconciled later. */
	private final BiConsumer<String, Runnable> settle;

	/** Whether the node drains ({@link JobStops#isDraining()}). */
	private final BooleanSupplier draining;

	/** Set to have the dispatcher look for work at its next tick. */
	private final AtomicBoolean dispatchRequested;

	/** Queues a task to the dispatcher thread (its inbox). */
	private final Executor dispatcherThread;

	private final WorkerListener listener = new Listener();

	WorkerEvents(WorkerPool pool, JobTable jobs, Settlements settlements, DispatcherSettings settings, String nodeId,
			SchedulerMetrics metrics, JobEventLog events, BiConsumer<String, Runnable> settle, BooleanSupplier draining,
			AtomicBoolean dispatchRequested, Executor dispatcherThread) {
		this.pool = pool;
		this.jobs = jobs;
		this.settlements = settlements;
		this.settings = settings;
		this.nodeId = nodeId;
		this.metrics = metrics;
		this.events = events;
		this.settle = settle;
		this.draining = draining;
		this.dispatchRequested = dispatchRequested;
		this.dispatcherThread = dispatcherThread;
	}

	/** The listener of every worker the dispatcher starts. */
	WorkerListener listener() {
		return this.listener;
	}

	private void onReady(WorkerProcess process, long now) {
		WorkerSlot worker = this.pool.get(process.id());
		if (worker == null) {
			return;
		}
		worker.frameReceived(now);
		worker.markReady(now);
		for (Chunk chunk : worker.chunks()) {
			JobSlots slots = this.jobs.get(chunk.jobId());
			if (slots != null) {
				this.pool.send(worker, ChunkAssigner.runChunk(slots.job(), chunk.tasks(), chunk.lane()));
			}
		}
		if (!this.draining.getAsBoolean()) {
			this.dispatchRequested.set(true);
		}
	}

	private void onTaskDone(WorkerProcess process, Message.TaskDone done, long now) {
		WorkerSlot worker = this.pool.get(process.id());
		if (worker == null) {
			return;
		}
		// a sign of life, even for a task it no longer holds (handed back meanwhile)
		worker.frameReceived(now);
		Chunk chunk = worker.chunkOf(done.taskId());
		if (chunk == null) {
			return;
		}
		this.metrics.taskDone(done.outcome(), done.durationMicros());
		JobSlots slots = this.jobs.get(chunk.jobId());
		if (done.outcome() == Message.TaskOutcome.SKIPPED) {
			boolean cancelling = slots != null && slots.isCancelling();
			this.settle.accept("settle a skipped task", () -> this.settlements.skipped(done, cancelling));
		}
		else if (done.outcome() == Message.TaskOutcome.RETRY) {
			ClaimedTask task = chunk.find(done.taskId());
			if (task != null) {
				this.events.task(chunk.jobId(), task.index(), done.attempt(), "WARN",
						"task failed; re-queued for another attempt (its error is in the results)");
			}
		}
		if (worker.taskDone(chunk, done.taskId(), done.outcome() != Message.TaskOutcome.SKIPPED, now)) {
			chunkFinished(worker, chunk, slots, now);
		}
		else if (slots != null && LanePrefetch.isDue(worker, chunk, slots)) {
			this.dispatchRequested.set(true);
		}
	}

	private void chunkFinished(WorkerSlot worker, Chunk chunk, JobSlots slots, long now) {
		boolean cancelled = worker.cancelSentNanos() != 0;
		this.jobs.chunkReleased(worker, chunk, now);
		if (slots != null) {
			slots.chunkTook(now - chunk.startedNanos());
			slots.wakeUp();
		}
		this.dispatchRequested.set(true);
		if (worker.hasChunks()) {
			// its other lanes still run chunks of the job
			return;
		}
		int maxTasks = this.settings.maxTasksPerWorker();
		if (cancelled || (maxTasks > 0 && worker.tasksDone() >= maxTasks)) {
			this.pool.retire(worker);
		}
		else if (this.draining.getAsBoolean() && worker.state() != WorkerSlot.State.STOPPING) {
			this.pool.retire(worker, this.settings.stopGrace());
		}
	}

	private void onExit(WorkerProcess process, int exitCode, String fatalReason) {
		WorkerSlot worker = this.pool.get(process.id());
		if (worker == null) {
			return;
		}
		this.pool.removed(process.id());
		this.metrics.workerExited(worker.hasChunks(), worker.killReason() != null);
		if (!worker.hasChunks()) {
			log.info("[node {}] worker {} (pid {}) exited with status {}", this.nodeId, process.id(), process.pid(),
					exitCode);
			return;
		}
		if (!worker.isReady() && worker.killReason() == null) {
			this.pool.spawnFailed(System.nanoTime());
		}
		settleChunks(worker, exitCode, fatalReason);
		this.dispatchRequested.set(true);
	}

	/**
	 * The chunks of a worker that exited: the chunk each lane ran is charged (unless the
	 * node drains), the others go back to the queue.
	 */
	private void settleChunks(WorkerSlot worker, int exitCode, String fatalReason) {
		List<Chunk> running = worker.heads();
		for (Chunk chunk : worker.chunks()) {
			JobSlots slots = this.jobs.get(chunk.jobId());
			if (this.draining.getAsBoolean() || !running.contains(chunk)) {
				// shutdown, or a chunk queued in its lane that never started: charge
				// nothing
				this.settle.accept("hand back a chunk", () -> this.settlements.handBack(chunk));
			}
			else {
				this.settle.accept("settle a lost worker's chunk",
						() -> this.settlements.workerLost(worker, chunk, slots, exitCode, fatalReason));
			}
			this.jobs.chunkReleased(worker, chunk, System.nanoTime());
			if (slots != null) {
				slots.wakeUp();
			}
		}
	}

	/** Queues each event to the dispatcher thread. */
	private final class Listener implements WorkerListener {

		@Override
		public void onReady(WorkerProcess worker, Message.Ready ready) {
			WorkerEvents.this.dispatcherThread.execute(() -> WorkerEvents.this.onReady(worker, System.nanoTime()));
		}

		@Override
		public void onTaskDone(WorkerProcess worker, Message.TaskDone done) {
			WorkerEvents.this.dispatcherThread
				.execute(() -> WorkerEvents.this.onTaskDone(worker, done, System.nanoTime()));
		}

		@Override
		public void onTaskRunning(WorkerProcess worker, Message.TaskRunning running) {
			WorkerEvents.this.dispatcherThread.execute(() -> {
				long now = System.nanoTime();
				WorkerSlot slot = WorkerEvents.this.pool.get(worker.id());
				if (slot != null) {
					slot.frameReceived(now);
					slot.taskRunning(running.taskId(), TimeUnit.MICROSECONDS.toNanos(running.runningForMicros()), now);
				}
			});
		}

		@Override
		public void onHeartbeat(WorkerProcess worker, Message.Heartbeat heartbeat) {
			WorkerEvents.this.dispatcherThread.execute(() -> {
				WorkerSlot slot = WorkerEvents.this.pool.get(worker.id());
				if (slot != null) {
					slot.frameReceived(System.nanoTime());
				}
			});
		}

		@Override
		public void onExit(WorkerProcess worker, int exitCode, String fatalReason) {
			WorkerEvents.this.dispatcherThread.execute(() -> WorkerEvents.this.onExit(worker, exitCode, fatalReason));
		}

	}

}
