package dev.workpool.worker.runtime;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Times out the running task of a worker with one timer check per timeout period instead
 * of a timer entry per task: {@link #arm} only records the task's deadline, and a pending
 * check that finds a later deadline (a newer task) simply waits until then. A chunk of a
 * thousand short tasks thus costs the timer thread one wake-up, not a thousand.
 */
final class TaskWatchdog {

	private final ScheduledExecutorService timer;

	private ChunkRun run; // guarded by this

	private long deadlineNanos; // guarded by this; meaningful while run != null

	private long checkAtNanos; // guarded by this; when the pending check runs

	private boolean checkPending; // guarded by this

	TaskWatchdog(ScheduledExecutorService timer) {
		this.timer = timer;
	}

	/** The task of {@code run} that starts now may run for {@code timeoutMillis}. */
	synchronized void arm(ChunkRun run, long timeoutMillis) {
		if (timeoutMillis <= 0) {
			this.run = null;
			return;
		}
		this.run = run;
		this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		if (!this.checkPending || this.checkAtNanos - this.deadlineNanos > 0) {
			schedule(this.deadlineNanos);
		}
	}

	/** The task ended: nothing to time out until the next {@link #arm}. */
	synchronized void disarm() {
		this.run = null;
	}

	private void schedule(long atNanos) {
		this.checkPending = true;
		this.checkAtNanos = atNanos;
		this.timer.schedule(this::check, Math.max(0, atNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	private void check() {
		ChunkRun expired;
		synchronized (this) {
			if (System.nanoTime() - this.checkAtNanos < 0) {
				return; // a stale check: an earlier one was scheduled after it
			}
			this.checkPending = false;
			if (this.run == null) {
				return;
			}
			if (System.nanoTime() - this.deadlineNanos < 0) {
				schedule(this.deadlineNanos);
				return;
			}
			expired = this.run;
			this.run = null;
		}
		expired.timeOutTask();
	}

}
