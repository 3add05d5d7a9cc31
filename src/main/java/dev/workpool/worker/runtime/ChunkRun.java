package dev.workpool.worker.runtime;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskRunning;

/**
 * One chunk on its way through the worker: queued, running, done. Knows which thread runs
 * its current task so a cancel can interrupt exactly that task and nothing after it.
 */
final class ChunkRun {

	private final RunChunk chunk;

	private final AtomicBoolean cancelled = new AtomicBoolean();

	private volatile boolean stopRequested;

	private volatile boolean taskTimedOut;

	private volatile long currentTaskId = -1;

	private Thread taskThread; // guarded by this

	private long taskStartNanos; // guarded by this

	private boolean announced; // guarded by this

	ChunkRun(RunChunk chunk) {
		this.chunk = chunk;
	}

	RunChunk chunk() {
		return this.chunk;
	}

	long jobId() {
		return this.chunk.jobId();
	}

	/** The job was cancelled: interrupt the running task and skip the rest. */
	void cancel() {
		this.cancelled.set(true);
		this.stopRequested = true;
		interruptTask();
	}

	/** The worker shuts down: finish the running task, skip the rest. */
	void stopAfterCurrentTask() {
		this.stopRequested = true;
	}

	/** The running task exceeded its timeout: flag and interrupt it. */
	void timeOutTask() {
		this.taskTimedOut = true;
		interruptTask();
	}

	boolean isCancelled() {
		return this.cancelled.get();
	}

	boolean isStopRequested() {
		return this.stopRequested;
	}

	boolean isTaskTimedOut() {
		return this.taskTimedOut;
	}

	/** What the running task sees as {@code isCancelled()}. */
	boolean shouldTaskStop() {
		return this.cancelled.get() || this.taskTimedOut;
	}

	/** The task running now, or -1. */
	long currentTaskId() {
		return this.currentTaskId;
	}

	synchronized void taskStarted(long taskId) {
		this.taskTimedOut = false;
		this.currentTaskId = taskId;
		this.taskThread = Thread.currentThread();
		this.taskStartNanos = System.nanoTime();
		this.announced = false;
	}

	/**
	 * A TaskRunning frame for the running task once it has run for {@code afterNanos}
	 * (once per task): the parent then knows which task runs even while the results of
	 * the ones before it wait for their commit.
	 */
	synchronized Optional<TaskRunning> announcement(long afterNanos) {
		long runningFor = System.nanoTime() - this.taskStartNanos;
		if (this.taskThread == null || this.announced || runningFor < afterNanos) {
			return Optional.empty();
		}
		this.announced = true;
		return Optional.of(new TaskRunning(this.currentTaskId, TimeUnit.NANOSECONDS.toMicros(runningFor)));
	}

	/** Detaches the task thread and clears an interrupt that arrived late. */
	synchronized void taskEnded() {
		this.taskThread = null;
		this.currentTaskId = -1;
		Thread.interrupted();
	}

	private synchronized void interruptTask() {
		if (this.taskThread != null) {
			this.taskThread.interrupt();
		}
	}

}
