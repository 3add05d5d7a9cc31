package dev.workpool.scheduler;

import dev.workpool.jobs.ActiveJob;

/**
 * Per-job accounting on this node: how many workers run its chunks, and when to look for
 * its queued tasks again after a claim found none.
 */
final class JobSlots {

	private ActiveJob job;

	private int busyWorkers;

	private long idleUntilNanos;

	private boolean cancelling;

	JobSlots(ActiveJob job) {
		this.job = job;
	}

	ActiveJob job() {
		return this.job;
	}

	void update(ActiveJob latest) {
		this.job = latest;
	}

	int busyWorkers() {
		return this.busyWorkers;
	}

	boolean hasFreeSlot() {
		return this.busyWorkers < this.job.parallelism();
	}

	/** Workers the job may still take on this node. */
	int freeSlots() {
		return Math.max(0, this.job.parallelism() - this.busyWorkers);
	}

	/**
	 * Whether to try a claim for this job now: it has a free slot on this node, is not
	 * resting and not cancelling.
	 */
	boolean wantsChunk(long nowNanos) {
		return !isResting(nowNanos) && hasFreeSlot() && !this.cancelling;
	}

	void workerStarted() {
		this.busyWorkers++;
	}

	void workerFinished() {
		this.busyWorkers = Math.max(0, this.busyWorkers - 1);
	}

	boolean isResting(long nowNanos) {
		return nowNanos < this.idleUntilNanos;
	}

	void restUntil(long nanos) {
		this.idleUntilNanos = nanos;
	}

	void wakeUp() {
		this.idleUntilNanos = 0;
	}

	boolean isCancelling() {
		return this.cancelling;
	}

	void markCancelling() {
		this.cancelling = true;
	}

}
