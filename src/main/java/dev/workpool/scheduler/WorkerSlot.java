package dev.workpool.scheduler;

import java.util.ArrayList;
import java.util.List;

import dev.workpool.jobs.FailureCause;
import dev.workpool.worker.launcher.WorkerProcess;

/**
 * The dispatcher's bookkeeping for one worker process. A worker runs the chunks of one
 * job at a time, on up to {@link #lanes()} lanes at once (a job's
 * {@code threadsPerWorker}; 1 by default), each lane a task thread of the worker. A lane
 * runs its chunks one after the other: the first ({@link #heads()}) runs, the next one
 * may already wait behind it (claimed under the same claim id), so the lane never waits
 * for a claim. Touched only on the dispatcher thread.
 */
final class WorkerSlot {

	enum State {

		STARTING, IDLE, BUSY, STOPPING

	}

	private final WorkerProcess process;

	private State state = State.STARTING;

	private boolean ready;

	private final List<Chunk> chunks = new ArrayList<>(1);

	private int lanes = 1;

	private long tasksDone;

	private long lastFrameNanos;

	private long idleSinceNanos;

	private long cancelSentNanos;

	private boolean trimDue; // it ran a chunk since it last gave back what chunks grew

	private String killReason;

	private FailureCause killCause;

	private Chunk killedFor;

	WorkerSlot(WorkerProcess process, long nowNanos) {
		this.process = process;
		this.lastFrameNanos = nowNanos;
	}

	WorkerProcess process() {
		return this.process;
	}

	State state() {
		return this.state;
	}

	boolean isReady() {
		return this.ready;
	}

	boolean isIdle() {
		return this.state == State.IDLE;
	}

	/**
	 * The chunks this worker holds, running or queued in their lanes (a copy), oldest
	 * first.
	 */
	List<Chunk> chunks() {
		return List.copyOf(this.chunks);
	}

	/** The running chunk of each lane in use. */
	List<Chunk> heads() {
		List<Chunk> heads = new ArrayList<>();
		for (Chunk chunk : this.chunks) {
			if (head(chunk.lane()) == chunk) {
				heads.add(chunk);
			}
		}
		return heads;
	}

	/** The running chunk of the lane, or null when the lane is free. */
	Chunk head(int lane) {
		for (Chunk chunk : this.chunks) {
			if (chunk.lane() == lane) {
				return chunk;
			}
		}
		return null;
	}

	/** How many chunks the lane holds, running and queued. */
	int chunksIn(int lane) {
		int count = 0;
		for (Chunk chunk : this.chunks) {
			if (chunk.lane() == lane) {
				count++;
			}
		}
		return count;
	}

	/** The lowest free lane (0 for a worker running nothing). */
	int freeLane() {
		int lane = 0;
		while (head(lane) != null) {
			lane++;
		}
		return lane;
	}

	/** Tasks it holds that are not reported done, in all lanes. */
	int undoneTasks() {
		return this.chunks.stream().mapToInt(Chunk::undoneCount).sum();
	}

	boolean hasChunks() {
		return !this.chunks.isEmpty();
	}

	/** The job whose chunks it runs, or -1 when it runs none. */
	long jobId() {
		return this.chunks.isEmpty() ? -1 : this.chunks.get(0).jobId();
	}

	/** How many chunks of its job it may run at once. */
	int lanes() {
		return this.lanes;
	}

	/**
	 * Whether it can take one more chunk of {@code jobId} now, next to those it runs: not
	 * stopping, not being cancelled, a lane free.
	 */
	boolean hasFreeLaneFor(long jobId) {
		return !this.chunks.isEmpty() && jobId() == jobId && heads().size() < this.lanes && this.state != State.STOPPING
				&& this.cancelSentNanos == 0;
	}

	/** The chunk holding the task, or null. */
	Chunk chunkOf(long taskId) {
		for (Chunk chunk : this.chunks) {
			if (chunk.find(taskId) != null) {
				return chunk;
			}
		}
		return null;
	}

	long tasksDone() {
		return this.tasksDone;
	}

	long lastFrameNanos() {
		return this.lastFrameNanos;
	}

	long idleSinceNanos() {
		return this.idleSinceNanos;
	}

	long cancelSentNanos() {
		return this.cancelSentNanos;
	}

	String killReason() {
		return this.killReason;
	}

	/** Why the dispatcher killed this worker (crash or timeout), or null. */
	FailureCause killCause() {
		return this.killCause;
	}

	/**
	 * The chunk whose task the worker was killed for (its timeout), or null when the kill
	 * was about the whole worker.
	 */
	Chunk killedFor() {
		return this.killedFor;
	}

	/** The running tasks' timeouts count from now (after a database outage). */
	void restartTaskClock(long nowNanos) {
		heads().forEach((chunk) -> chunk.taskStarted(nowNanos));
	}

	void frameReceived(long nowNanos) {
		this.lastFrameNanos = nowNanos;
	}

	void markReady(long nowNanos) {
		this.ready = true;
		restartTaskClock(nowNanos);
		if (this.state == State.STARTING) {
			this.state = this.chunks.isEmpty() ? State.IDLE : State.BUSY;
			this.idleSinceNanos = nowNanos;
		}
	}

	/**
	 * Gives it a chunk for {@code chunk.lane()}: the first of its job (which then may use
	 * up to {@code lanes} lanes), one for a free lane of the job it runs
	 * ({@link #hasFreeLaneFor}), or the next of a busy lane, queued behind its running
	 * chunk.
	 */
	void assign(Chunk chunk, int lanes, long nowNanos) {
		this.trimDue = true;
		if (this.chunks.isEmpty()) {
			this.lanes = Math.max(1, lanes);
			this.cancelSentNanos = 0;
		}
		if (head(chunk.lane()) == null) {
			chunk.started(nowNanos);
		}
		this.chunks.add(chunk);
		if (this.state == State.IDLE) {
			this.state = State.BUSY;
		}
	}

	/**
	 * Marks the task of {@code chunk} (one of its chunks, {@link #chunkOf}) done.
	 * @return whether that was the chunk's last task
	 */
	boolean taskDone(Chunk chunk, long taskId, boolean counted, long nowNanos) {
		if (counted) {
			this.tasksDone++;
		}
		boolean finished = chunk.markDone(taskId);
		if (head(chunk.lane()) == chunk) {
			// its next task starts now, unless the worker said which one runs
			chunk.nextTaskStarted(nowNanos);
		}
		return finished;
	}

	/**
	 * The worker says this task has been running for {@code runningForNanos}: the tasks
	 * before it in its chunk ended, though their results are still on their way.
	 */
	void taskRunning(long taskId, long runningForNanos, long nowNanos) {
		Chunk chunk = chunkOf(taskId);
		if (chunk != null && head(chunk.lane()) == chunk) {
			chunk.running(taskId, nowNanos - runningForNanos);
		}
	}

	/**
	 * The chunk ended (or was handed back); the next chunk of its lane, if any, starts;
	 * the worker is idle when none is left.
	 */
	void releaseChunk(Chunk chunk, long nowNanos) {
		boolean wasRunning = head(chunk.lane()) == chunk;
		this.chunks.remove(chunk);
		Chunk next = head(chunk.lane());
		if (wasRunning && next != null) {
			next.started(nowNanos);
		}
		if (this.chunks.isEmpty()) {
			this.cancelSentNanos = 0;
			if (this.state == State.BUSY) {
				this.state = State.IDLE;
			}
			this.idleSinceNanos = nowNanos;
		}
	}

	/**
	 * Whether it ran a chunk since it was last asked to give back what chunks grew (a
	 * worker that never ran one has nothing to give back).
	 */
	boolean trimDue() {
		return this.trimDue;
	}

	/** It was asked to give back what its chunks grew ({@code Trim}). */
	void trimSent() {
		this.trimDue = false;
	}

	void cancelSent(long nowNanos) {
		this.cancelSentNanos = nowNanos;
	}

	void stopping() {
		this.state = State.STOPPING;
	}

	/**
	 * Records why the dispatcher killed this worker, for the task's error; first reason
	 * wins.
	 */
	boolean markKilled(String reason, FailureCause cause, Chunk culprit) {
		if (this.killReason != null) {
			return false;
		}
		this.killReason = reason;
		this.killCause = cause;
		this.killedFor = culprit;
		this.state = State.STOPPING;
		return true;
	}

}
