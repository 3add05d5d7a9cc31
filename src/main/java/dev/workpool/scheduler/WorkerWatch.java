package dev.workpool.scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.FailureCause;
import dev.workpool.worker.protocol.Message;

/**
 * The dispatcher's watch over its workers, on every tick and on the dispatcher's thread:
 * kills the unresponsive, the cancelled that did not stop in time and those whose task
 * ran past its timeout; stops the workers idle for the idle timeout and asks those idle
 * for the trim delay to give back what their last job grew, one at a time.
 */
final class WorkerWatch {

	private static final Logger log = LoggerFactory.getLogger(WorkerWatch.class);

	/**
	 * At most one idle worker is stopped or trimmed per this long. The workers of a wide
	 * job fall idle together and reach the idle timeout together: thirty JVMs exiting at
	 * once (pools closed, memory unmapped) took the node's CPU for about a second, and
	 * the jobs running meanwhile waited (L1 in BENCHMARKS: six jobs of 80-430 ms in a
	 * row).
	 */
	static final long HOUSEKEEPING_SPACING_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final WorkerPool pool;

	private final DispatcherSettings settings;

	private final String nodeId;

	private long lastHousekeepingNanos = System.nanoTime() - HOUSEKEEPING_SPACING_NANOS;

	WorkerWatch(WorkerPool pool, DispatcherSettings settings, String nodeId) {
		this.pool = pool;
		this.settings = settings;
		this.nodeId = nodeId;
	}

	/**
	 * Kills the workers that stopped answering, that did not stop a cancelled task within
	 * the cancel grace, or whose task ran past its job's timeout.
	 * @param jobs the dispatcher's jobs by id
	 * @param timeoutsKnown false while the dispatcher's view of its claims is to be
	 * reconciled with the database: no task is charged a timeout then
	 */
	void enforceDeadlines(long now, LongFunction<JobSlots> jobs, boolean timeoutsKnown) {
		for (WorkerSlot worker : this.pool.all()) {
			if (worker.state() == WorkerSlot.State.STOPPING && worker.killReason() != null) {
				continue;
			}
			if (now - worker.lastFrameNanos() > this.settings.unresponsiveAfter().toNanos()) {
				this.pool.kill(worker, "unresponsive: no heartbeat for " + this.settings.unresponsiveAfter());
				continue;
			}
			if (!worker.hasChunks() || !worker.isReady()) {
				continue;
			}
			JobSlots slots = jobs.apply(worker.jobId());
			if (worker.cancelSentNanos() != 0) {
				if (now - worker.cancelSentNanos() > this.settings.cancelGrace().toNanos()) {
					this.pool.kill(worker, "cancelled task did not stop within " + this.settings.cancelGrace());
				}
			}
			else if (slots != null && timeoutsKnown) {
				killTimedOut(worker, slots.job().taskTimeout(), now);
			}
		}
	}

	/**
	 * Kills the worker when a task of one of its chunks ran past the timeout; that task
	 * is charged a timeout, the tasks its other chunks were running go back to the queue.
	 */
	private void killTimedOut(WorkerSlot worker, Duration timeout, long now) {
		for (Chunk chunk : worker.heads()) {
			if (now - chunk.taskStartedNanos() > timeout.toNanos()) {
				this.pool.kill(worker, "task timed out after " + timeout, FailureCause.TIMEOUT, chunk);
				return;
			}
		}
	}

	/**
	 * Stops workers idle for the idle timeout; asks those idle for the trim delay to give
	 * back what their last job grew (once per idle spell). One worker per
	 * {@link #HOUSEKEEPING_SPACING_NANOS}: the others wait for later ticks, idle and
	 * still usable by the next job.
	 */
	void retireIdle(long now) {
		if (now - this.lastHousekeepingNanos < HOUSEKEEPING_SPACING_NANOS) {
			return;
		}
		for (WorkerSlot worker : this.pool.all()) {
			if (!worker.isIdle()) {
				continue;
			}
			long idle = now - worker.idleSinceNanos();
			if (idle > this.settings.idleTimeout().toNanos()) {
				log.info("[node {}] worker {} idle for {}; stopping it", this.nodeId, worker.process().id(),
						this.settings.idleTimeout());
				this.pool.retire(worker);
				this.lastHousekeepingNanos = now;
				return;
			}
			if (idle > this.settings.idleTrimAfter().toNanos() && worker.trimDue()) {
				worker.trimSent();
				this.pool.send(worker, new Message.Trim());
				this.lastHousekeepingNanos = now;
				return;
			}
		}
	}

}
