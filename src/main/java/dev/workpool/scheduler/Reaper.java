package dev.workpool.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.NodeRegistry;
import dev.workpool.jobs.TaskQueue;

/**
 * Keeps this node's heartbeat fresh and recovers the work of dead nodes: a node whose
 * heartbeat is older than the lease timeout (by the database's clock) lost its claims;
 * its RUNNING tasks go back to the queue (at-least-once) and the dispatcher is woken to
 * run them.
 * <p>
 * A node judges others only while its own view of the database is sound: after its start
 * and after any failed or slow heartbeat (an outage stops every node's heartbeat at once)
 * it reaps nobody until its heartbeats have succeeded, promptly, for a whole lease
 * timeout, so every live node had time to beat again. A reap whose query was slow is
 * discarded. A node that finds itself declared dead rejoins (ADR 8).
 */
public final class Reaper {

	private static final Logger log = LoggerFactory.getLogger(Reaper.class);

	private final NodeRegistry nodes;

	private final TaskQueue queue;

	private final NodeIdentity node;

	private final Duration heartbeatInterval;

	private final Duration leaseTimeout;

	private final Runnable onRecovered;

	private ScheduledExecutorService executor;

	// touched only on the reaper thread
	private long lastBeatNanos = -1;

	private long soundSinceNanos = -1;

	private long failingSinceNanos = -1;

	public Reaper(NodeRegistry nodes, TaskQueue queue, NodeIdentity node, Duration heartbeatInterval,
			Duration leaseTimeout, Runnable onRecovered) {
		this.nodes = nodes;
		this.queue = queue;
		this.node = node;
		this.heartbeatInterval = heartbeatInterval;
		this.leaseTimeout = leaseTimeout;
		this.onRecovered = onRecovered;
	}

	public synchronized void start() {
		this.nodes.register(this.node.id(), this.node.host(), this.node.pid());
		this.executor = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "workpool-reaper");
			thread.setDaemon(true);
			return thread;
		});
		long period = this.heartbeatInterval.toMillis();
		this.executor.scheduleWithFixedDelay(this::beatAndReap, 0, period, TimeUnit.MILLISECONDS);
		log.info("[node {}] registered (host {}, pid {})", this.node.id(), this.node.host(), this.node.pid());
	}

	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
		try {
			this.nodes.markStopped(this.node.id());
		}
		catch (RuntimeException ex) {
			log.warn("[node {}] could not mark the node stopped: {}", this.node.id(), ex.getMessage());
		}
	}

	void beatAndReap() {
		try {
			if (beat() && isSound()) {
				reap();
			}
		}
		catch (Throwable ex) {
			this.soundSinceNanos = -1;
			if (this.failingSinceNanos < 0) {
				this.failingSinceNanos = System.nanoTime();
				log.warn("[node {}] heartbeat/reap failed; retrying every {}: {}", this.node.id(),
						this.heartbeatInterval, ex.toString());
			}
		}
	}

	/** Heartbeats; returns whether the beat was prompt. */
	private boolean beat() {
		long started = System.nanoTime();
		if (!this.nodes.heartbeat(this.node.id())) {
			log.warn("[node {}] was declared dead by another node (its claims were re-queued); rejoining",
					this.node.id());
			this.nodes.rejoin(this.node.id(), this.node.host(), this.node.pid());
		}
		long now = System.nanoTime();
		if (this.failingSinceNanos >= 0) {
			log.info("[node {}] database reachable again after {} ms", this.node.id(),
					TimeUnit.NANOSECONDS.toMillis(now - this.failingSinceNanos));
			this.failingSinceNanos = -1;
		}
		boolean prompt = now - started <= this.heartbeatInterval.toNanos()
				&& (this.lastBeatNanos < 0 || now - this.lastBeatNanos <= 3 * this.heartbeatInterval.toNanos());
		this.lastBeatNanos = now;
		if (!prompt || this.soundSinceNanos < 0) {
			this.soundSinceNanos = now;
		}
		return prompt;
	}

	private boolean isSound() {
		return this.soundSinceNanos >= 0 && System.nanoTime() - this.soundSinceNanos >= this.leaseTimeout.toNanos();
	}

	private void reap() {
		long started = System.nanoTime();
		List<String> dead = this.nodes.deadNodesHoldingTasks(this.node.id(), this.leaseTimeout);
		if (System.nanoTime() - started > this.heartbeatInterval.toNanos()) {
			// the database stalled under the query: other nodes' beats may be stalled too
			this.soundSinceNanos = System.nanoTime();
			return;
		}
		int recovered = 0;
		for (String deadNode : dead) {
			int n = this.queue.releaseNode(deadNode);
			this.nodes.markStopped(deadNode);
			log.warn("[node {}] node {} is dead (no heartbeat for {}); re-queued its {} running tasks", this.node.id(),
					deadNode, this.leaseTimeout, n);
			recovered += n;
		}
		if (recovered > 0) {
			this.onRecovered.run();
		}
	}

}
