package dev.workpool.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.WorkerInfo;
import dev.workpool.worker.launcher.WorkerLauncher;
import dev.workpool.worker.launcher.WorkerListener;
import dev.workpool.worker.launcher.WorkerProcess;
import dev.workpool.worker.protocol.Message;

/**
 * The worker processes of this node: spawns them up to the cap, hands out idle ones, and
 * stops or kills them off the dispatcher thread (stopping blocks while it asks, waits,
 * kills and reaps). Touched only on the dispatcher thread, except {@link #snapshot()}.
 */
final class WorkerPool {

	private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

	private final WorkerLauncher launcher;

	private final String nodeId;

	private final int maxProcesses;

	private final Duration stopGrace;

	private final int maxTasksPerWorker;

	private final Map<String, WorkerSlot> slots = new LinkedHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final ExecutorService stopper = Executors.newCachedThreadPool((r) -> {
		Thread thread = new Thread(r, "workpool-worker-stopper");
		thread.setDaemon(true);
		return thread;
	});

	private volatile List<WorkerInfo> snapshot = List.of();

	private long spawnBlockedUntilNanos;

	WorkerPool(WorkerLauncher launcher, String nodeId, int maxProcesses, Duration stopGrace, int maxTasksPerWorker) {
		this.launcher = launcher;
		this.nodeId = nodeId;
		this.maxProcesses = maxProcesses;
		this.stopGrace = stopGrace;
		this.maxTasksPerWorker = maxTasksPerWorker;
	}

	/**
	 * How many chunks of the job one worker runs at once: its {@code threadsPerWorker},
	 * never more than its parallelism.
	 */
	static int lanesFor(ActiveJob job) {
		return Math.max(1, Math.min(job.threadsPerWorker(), job.parallelism()));
	}

	WorkerSlot get(String workerId) {
		return this.slots.get(workerId);
	}

	Collection<WorkerSlot> all() {
		return new ArrayList<>(this.slots.values());
	}

	/** Whether some chunk could start now: a free lane, an idle worker, room to spawn. */
	boolean hasCapacity(long nowNanos) {
		return idle() != null || canSpawn(nowNanos)
				|| this.slots.values().stream().anyMatch((slot) -> sharable(slot, slot.jobId()));
	}

	/**
	 * How many chunks of the job could start now: free lanes of its workers, plus idle
	 * workers and workers that may be spawned, {@link #lanesFor} each.
	 */
	int freeLanes(ActiveJob job, long nowNanos) {
		int lanes = lanesFor(job);
		int free = 0;
		for (WorkerSlot slot : this.slots.values()) {
			if (slot.isIdle() && !slot.hasChunks()) {
				free += lanes;
			}
			else if (sharable(slot, job.id())) {
				free += slot.lanes() - slot.heads().size();
			}
		}
		return free + (canSpawn(nowNanos) ? (this.maxProcesses - this.slots.size()) * lanes : 0);
	}

	/**
	 * A worker for one more chunk of the job: one of its workers with a free lane, else
	 * an idle worker, else a newly spawned one; null when the node is at its cap.
	 */
	WorkerSlot acquire(WorkerListener listener, long jobId, long nowNanos) {
		for (WorkerSlot slot : this.slots.values()) {
			if (sharable(slot, jobId)) {
				return slot;
			}
		}
		WorkerSlot idle = idle();
		if (idle != null || !canSpawn(nowNanos)) {
			return idle;
		}
		String workerId = "w" + this.sequence.incrementAndGet();
		try {
			WorkerProcess process = this.launcher.launch(workerId, listener);
			WorkerSlot slot = new WorkerSlot(process, nowNanos);
			this.slots.put(workerId, slot);
			log.info("[node {}] started worker {} (pid {})", this.nodeId, workerId, process.pid());
			return slot;
		}
		catch (RuntimeException ex) {
			log.error("[node {}] cannot start worker {}; retrying in 5 s", this.nodeId, workerId, ex);
			this.spawnBlockedUntilNanos = nowNanos + TimeUnit.SECONDS.toNanos(5);
			return null;
		}
	}

	/** Backs off spawning after workers died before they became ready. */
	void spawnFailed(long nowNanos) {
		this.spawnBlockedUntilNanos = nowNanos + TimeUnit.SECONDS.toNanos(2);
	}

	void removed(String workerId) {
		this.slots.remove(workerId);
	}

	/** Asks the worker to finish and exit; kills it after the stop grace. */
	void retire(WorkerSlot slot) {
		retire(slot, this.stopGrace);
	}

	/**
	 * Asks the worker to finish its current task and exit; kills it after {@code grace}.
	 */
	void retire(WorkerSlot slot, Duration grace) {
		slot.stopping();
		WorkerProcess process = slot.process();
		this.stopper.execute(() -> process.stop(grace));
	}

	/** Kills every worker now, in parallel, and reaps them (bounded by a few seconds). */
	void killAll() {
		List<Thread> killers = new ArrayList<>();
		for (WorkerSlot slot : this.slots.values()) {
			WorkerProcess process = slot.process();
			if (process.isAlive()) {
				log.warn("[node {}] killing worker {} (pid {}): shutdown grace over", this.nodeId, process.id(),
						process.pid());
				Thread killer = new Thread(process::kill, "workpool-worker-killer");
				killer.setDaemon(true);
				killer.start();
				killers.add(killer);
			}
		}
		for (Thread killer : killers) {
			try {
				killer.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Kills the worker now; its exit is reported to the listener as usual. Its running
	 * task is charged a crash.
	 */
	void kill(WorkerSlot slot, String reason) {
		kill(slot, reason, FailureCause.CRASH, null);
	}

	/**
	 * Kills the worker now; the running task of {@code culprit} (of every chunk when
	 * null) is charged {@code cause} (crash or timeout), those of its other chunks go
	 * back to the queue free of charge.
	 */
	void kill(WorkerSlot slot, String reason, FailureCause cause, Chunk culprit) {
		if (slot.markKilled(reason, cause, culprit)) {
			log.warn("[node {}] killing worker {} (pid {}): {}", this.nodeId, slot.process().id(), slot.process().pid(),
					reason);
			WorkerProcess process = slot.process();
			this.stopper.execute(process::kill);
		}
	}

	/** Writes a frame to the worker; kills it when that fails. */
	void send(WorkerSlot slot, Message message) {
		try {
			slot.process().send(message);
		}
		catch (RuntimeException ex) {
			kill(slot, "cannot send to worker: " + ex.getMessage());
		}
	}

	/** Stops every worker in parallel, bounded by the stop grace plus a margin. */
	void stopAll() {
		List<WorkerProcess> processes = this.slots.values().stream().map(WorkerSlot::process).toList();
		processes.forEach((process) -> this.stopper.execute(() -> process.stop(this.stopGrace)));
		this.stopper.shutdown();
		try {
			if (!this.stopper.awaitTermination(this.stopGrace.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
				processes.forEach(WorkerProcess::kill);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			processes.forEach(WorkerProcess::kill);
		}
	}

	List<WorkerInfo> snapshot() {
		return this.snapshot;
	}

	void publishSnapshot() {
		List<WorkerInfo> infos = new ArrayList<>(this.slots.size());
		for (WorkerSlot slot : this.slots.values()) {
			List<Chunk> chunks = slot.chunks();
			Chunk chunk = chunks.isEmpty() ? null : chunks.get(0);
			ClaimedTask current = (chunk != null) ? chunk.current() : null;
			Instant started = slot.process().startedAt();
			infos.add(new WorkerInfo(slot.process().id(), slot.process().pid(), slot.state().name(),
					(chunk != null) ? chunk.jobId() : null, (current != null) ? current.index() : null, started,
					slot.tasksDone()));
		}
		this.snapshot = List.copyOf(infos);
	}

	private WorkerSlot idle() {
		for (WorkerSlot slot : this.slots.values()) {
			if (slot.isIdle() && !slot.hasChunks()) {
				return slot;
			}
		}
		return null;
	}

	/**
	 * Whether the worker runs chunks of the job and may take one more: a lane free, not
	 * killed, not at its task limit.
	 */
	private boolean sharable(WorkerSlot slot, long jobId) {
		return slot.hasFreeLaneFor(jobId) && slot.killReason() == null
				&& (this.maxTasksPerWorker <= 0 || slot.tasksDone() < this.maxTasksPerWorker);
	}

	private boolean canSpawn(long nowNanos) {
		return this.slots.size() < this.maxProcesses && nowNanos >= this.spawnBlockedUntilNanos;
	}

}
