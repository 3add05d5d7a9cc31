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

import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.WorkerInfo;
import dev.workpool.worker.launcher.WorkerLauncher;
import dev.workpool.worker.launcher.WorkerListener;
import dev.workpool.worker.launcher.WorkerProcess;

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

	private final Map<String, WorkerSlot> slots = new LinkedHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final ExecutorService stopper = Executors.newCachedThreadPool((r) -> {
		Thread thread = new Thread(r, "workpool-worker-stopper");
		thread.setDaemon(true);
		return thread;
	});

	private volatile List<WorkerInfo> snapshot = List.of();

	private long spawnBlockedUntilNanos;

	WorkerPool(WorkerLauncher launcher, String nodeId, int maxProcesses, Duration stopGrace) {
		this.launcher = launcher;
		this.nodeId = nodeId;
		this.maxProcesses = maxProcesses;
		this.stopGrace = stopGrace;
	}

	WorkerSlot get(String workerId) {
		return this.slots.get(workerId);
	}

	Collection<WorkerSlot> all() {
		return new ArrayList<>(this.slots.values());
	}

	boolean hasCapacity(long nowNanos) {
		return idle() != null || canSpawn(nowNanos);
	}

	/** How many chunks could start now: idle workers plus workers that may be spawned. */
	int freeCapacity(long nowNanos) {
		int idle = 0;
		for (WorkerSlot slot : this.slots.values()) {
			if (slot.isIdle() && slot.chunk() == null) {
				idle++;
			}
		}
		return idle + (canSpawn(nowNanos) ? this.maxProcesses - this.slots.size() : 0);
	}

	/** An idle worker, or a newly spawned one, or null when the node is at its cap. */
	WorkerSlot acquire(WorkerListener listener, long nowNanos) {
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
		kill(slot, reason, FailureCause.CRASH);
	}

	/**
	 * Kills the worker now; its running task is charged {@code cause} (crash or timeout).
	 */
	void kill(WorkerSlot slot, String reason, FailureCause cause) {
		if (slot.markKilled(reason, cause)) {
			log.warn("[node {}] killing worker {} (pid {}): {}", this.nodeId, slot.process().id(), slot.process().pid(),
					reason);
			WorkerProcess process = slot.process();
			this.stopper.execute(process::kill);
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
			WorkerSlot.Chunk chunk = slot.chunk();
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
			if (slot.isIdle() && slot.chunk() == null) {
				return slot;
			}
		}
		return null;
	}

	private boolean canSpawn(long nowNanos) {
		return this.slots.size() < this.maxProcesses && nowNanos >= this.spawnBlockedUntilNanos;
	}

}
