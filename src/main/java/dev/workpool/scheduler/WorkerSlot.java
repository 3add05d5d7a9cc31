package dev.workpool.scheduler;

import java.util.ArrayList;
import java.util.List;

import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.TaskRef;
import dev.workpool.worker.launcher.WorkerProcess;

/**
 * The dispatcher's bookkeeping for one worker process. Touched only on the dispatcher
 * thread.
 */
final class WorkerSlot {

	enum State {

		STARTING, IDLE, BUSY, STOPPING

	}

	private final WorkerProcess process;

	private State state = State.STARTING;

	private boolean ready;

	private Chunk chunk;

	private long tasksDone;

	private long taskStartedNanos;

	private long lastFrameNanos;

	private long idleSinceNanos;

	private long cancelSentNanos;

	private String killReason;

	private FailureCause killCause;

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

	Chunk chunk() {
		return this.chunk;
	}

	long tasksDone() {
		return this.tasksDone;
	}

	long taskStartedNanos() {
		return this.taskStartedNanos;
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

	/** The running task's timeout counts from now (after a database outage). */
	void restartTaskClock(long nowNanos) {
		this.taskStartedNanos = nowNanos;
	}

	void frameReceived(long nowNanos) {
		this.lastFrameNanos = nowNanos;
	}

	void markReady(long nowNanos) {
		this.ready = true;
		this.taskStartedNanos = nowNanos;
		if (this.state == State.STARTING) {
			this.state = (this.chunk != null) ? State.BUSY : State.IDLE;
			this.idleSinceNanos = nowNanos;
		}
	}

	void assign(Chunk chunk, long nowNanos) {
		this.chunk = chunk;
		this.cancelSentNanos = 0;
		this.taskStartedNanos = nowNanos;
		if (this.state == State.IDLE) {
			this.state = State.BUSY;
		}
	}

	/** Marks the task done; returns true when that was the last task of the chunk. */
	boolean taskDone(long taskId, boolean counted, long nowNanos) {
		if (counted) {
			this.tasksDone++;
		}
		this.taskStartedNanos = nowNanos;
		return this.chunk != null && this.chunk.markDone(taskId);
	}

	Chunk releaseChunk(long nowNanos) {
		Chunk released = this.chunk;
		this.chunk = null;
		this.cancelSentNanos = 0;
		if (this.state == State.BUSY) {
			this.state = State.IDLE;
		}
		this.idleSinceNanos = nowNanos;
		return released;
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
	boolean markKilled(String reason, FailureCause cause) {
		if (this.killReason != null) {
			return false;
		}
		this.killReason = reason;
		this.killCause = cause;
		this.state = State.STOPPING;
		return true;
	}

	/** The tasks of one job that a worker runs one after the other. */
	static final class Chunk {

		private final long jobId;

		private final List<ClaimedTask> tasks;

		private final boolean[] done;

		Chunk(long jobId, List<ClaimedTask> tasks) {
			this.jobId = jobId;
			this.tasks = List.copyOf(tasks);
			this.done = new boolean[tasks.size()];
		}

		long jobId() {
			return this.jobId;
		}

		List<ClaimedTask> tasks() {
			return this.tasks;
		}

		boolean markDone(long taskId) {
			for (int i = 0; i < this.tasks.size(); i++) {
				if (this.tasks.get(i).taskId() == taskId) {
					this.done[i] = true;
				}
			}
			return current() == null;
		}

		ClaimedTask find(long taskId) {
			for (ClaimedTask task : this.tasks) {
				if (task.taskId() == taskId) {
					return task;
				}
			}
			return null;
		}

		/** The first task not reported done: the one running now. */
		ClaimedTask current() {
			for (int i = 0; i < this.tasks.size(); i++) {
				if (!this.done[i]) {
					return this.tasks.get(i);
				}
			}
			return null;
		}

		/** Claims of the tasks not reported done, the current one first. */
		List<TaskRef> undone() {
			List<TaskRef> refs = new ArrayList<>();
			for (int i = 0; i < this.tasks.size(); i++) {
				if (!this.done[i]) {
					refs.add(this.tasks.get(i).ref());
				}
			}
			return refs;
		}

	}

}
