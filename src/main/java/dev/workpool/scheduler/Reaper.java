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
			if (!this.nodes.heartbeat(this.node.id())) {
				log.warn("[node {}] heartbeat row missing or stopped", this.node.id());
			}
			reap();
		}
		catch (Throwable ex) {
			log.warn("[node {}] heartbeat/reap failed: {}", this.node.id(), ex.toString());
		}
	}

	private void reap() {
		List<String> dead = this.nodes.deadNodesHoldingTasks(this.node.id(), this.leaseTimeout);
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
