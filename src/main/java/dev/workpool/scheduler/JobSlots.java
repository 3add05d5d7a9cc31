package dev.workpool.scheduler;

import dev.workpool.jobs.ActiveJob;

/**
 * Per-job accounting on this node: how many worker lanes run its chunks here (a lane runs
 * one task at a time and is one claim of the job's parallelism, however many chunks it
 * has queued), and when to look for its queued tasks again after a claim found none.
 */
final class JobSlots {

	private ActiveJob job;

	private int runningLanes;

	private long idleUntilNanos;

	private boolean cancelling;

	private long lastChunkNanos;

	JobSlots(ActiveJob job) {
		this.job = job;
	}

	ActiveJob job() {
		return this.job;
	}

	void update(ActiveJob latest) {
		this.job = latest;
	}

	int runningLanes() {
		return this.runningLanes;
	}

	boolean hasFreeSlot() {
		return this.runningLanes < this.job.parallelism();
	}

	/** Chunks the job may still start on this node. */
	int freeSlots() {
		return Math.max(0, this.job.parallelism() - this.runningLanes);
	}

	/**
	 * Whether to try a claim for this job now: it has a free slot on this node, is not
	 * resting and not cancelling.
	 */
	boolean wantsChunk(long nowNanos) {
		return !isResting(nowNanos) && hasFreeSlot() && !this.cancelling;
	}

	void laneStarted() {
		this.runningLanes++;
	}

	void laneEnded() {
		this.runningLanes = Math.max(0, this.runningLanes - 1);
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

	/** A chunk of the job ran from its start to its last result in {@code nanos}. */
	void chunkTook(long nanos) {
		this.lastChunkNanos = nanos;
	}

	/**
	 * Whether its chunks run so quickly (last one under {@code quickNanos}) that a lane
	 * should get its next chunk as soon as it starts one, not half-way through.
	 */
	boolean chunksAreQuick(long quickNanos) {
		return this.lastChunkNanos > 0 && this.lastChunkNanos < quickNanos;
	}

	boolean isCancelling() {
		return this.cancelling;
	}

	void markCancelling() {
		this.cancelling = true;
	}

}
