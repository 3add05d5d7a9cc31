package dev.workpool.scheduler;

import dev.workpool.jobs.ActiveJob;

/**
 * Per-job accounting on this node: how many of its chunks run here (each on a worker's
 * lane: one task at a time), and when to look for its queued tasks again after a claim
 * found none.
 */
final class JobSlots {

	private ActiveJob job;

	private int runningChunks;

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

	int runningChunks() {
		return this.runningChunks;
	}

	boolean hasFreeSlot() {
		return this.runningChunks < this.job.parallelism();
	}

	/** Chunks the job may still start on this node. */
	int freeSlots() {
		return Math.max(0, this.job.parallelism() - this.runningChunks);
	}

	/**
	 * Whether to try a claim for this job now: it has a free slot on this node, is not
	 * resting and not cancelling.
	 */
	boolean wantsChunk(long nowNanos) {
		return !isResting(nowNanos) && hasFreeSlot() && !this.cancelling;
	}

	void chunkStarted() {
		this.runningChunks++;
	}

	void chunkEnded() {
		this.runningChunks = Math.max(0, this.runningChunks - 1);
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
