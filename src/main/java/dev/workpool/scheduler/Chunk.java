package dev.workpool.scheduler;

import java.util.ArrayList;
import java.util.List;

import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.TaskRef;

/**
 * The tasks of one job that a worker runs one after the other, on one lane: the
 * dispatcher's reckoning of which of them are reported done, which one runs and since
 * when. Touched only on the dispatcher thread.
 */
final class Chunk {

	private final long jobId;

	private final int lane;

	private final long claimId;

	private final List<ClaimedTask> tasks;

	private final boolean[] done;

	private int undoneCount;

	/**
	 * Every task before this index is reported done: a lane reports its tasks in order,
	 * so the next report is almost always of this one.
	 */
	private int firstUndone;

	/** The lowest and highest task id, to tell at once that a task is not in it. */
	private final long minTaskId;

	private final long maxTaskId;

	private long taskStartedNanos;

	private long startedNanos;

	private int announced = -1;

	Chunk(long jobId, List<ClaimedTask> tasks, int lane, long claimId) {
		this.jobId = jobId;
		this.lane = lane;
		this.claimId = claimId;
		this.tasks = List.copyOf(tasks);
		this.done = new boolean[tasks.size()];
		this.undoneCount = tasks.size();
		this.minTaskId = tasks.stream().mapToLong(ClaimedTask::taskId).min().orElse(0);
		this.maxTaskId = tasks.stream().mapToLong(ClaimedTask::taskId).max().orElse(-1);
	}

	long jobId() {
		return this.jobId;
	}

	int lane() {
		return this.lane;
	}

	/** The claim its tasks were claimed under (a lane's chunks share one). */
	long claimId() {
		return this.claimId;
	}

	/** When its running task started (by the dispatcher's reckoning). */
	long taskStartedNanos() {
		return this.taskStartedNanos;
	}

	void taskStarted(long nowNanos) {
		this.taskStartedNanos = nowNanos;
	}

	/**
	 * A task of it was reported done: the next one started now, unless the worker already
	 * said which one runs (its clock started then).
	 */
	void nextTaskStarted(long nowNanos) {
		if (this.announced < 0 || this.done[this.announced]) {
			this.taskStartedNanos = nowNanos;
		}
	}

	/** The worker says this task runs, since {@code startedNanos}. */
	void running(long taskId, long startedNanos) {
		int i = indexOf(taskId);
		if (i >= 0 && !this.done[i]) {
			this.announced = i;
			this.taskStartedNanos = startedNanos;
		}
	}

	/** It became its lane's running chunk. */
	void started(long nowNanos) {
		this.startedNanos = nowNanos;
		this.taskStartedNanos = nowNanos;
	}

	/** When it became its lane's running chunk. */
	long startedNanos() {
		return this.startedNanos;
	}

	List<ClaimedTask> tasks() {
		return this.tasks;
	}

	/**
	 * Marks the task done.
	 * @return whether no task of it is left undone
	 */
	boolean markDone(long taskId) {
		int i = indexOf(taskId);
		if (i >= 0 && !this.done[i]) {
			this.done[i] = true;
			this.undoneCount--;
			while (this.firstUndone < this.done.length && this.done[this.firstUndone]) {
				this.firstUndone++;
			}
		}
		return this.undoneCount == 0;
	}

	/**
	 * How many of its tasks are not reported done (asked on every progress report: a
	 * count, not a list).
	 */
	int undoneCount() {
		return this.undoneCount;
	}

	ClaimedTask find(long taskId) {
		int i = indexOf(taskId);
		return (i < 0) ? null : this.tasks.get(i);
	}

	/**
	 * The task's index, or -1; looked for from the first task not reported done onwards,
	 * then before it (asked for every TaskDone frame, in every chunk of the worker).
	 */
	private int indexOf(long taskId) {
		if (taskId < this.minTaskId || taskId > this.maxTaskId) {
			return -1;
		}
		for (int i = this.firstUndone; i < this.tasks.size(); i++) {
			if (this.tasks.get(i).taskId() == taskId) {
				return i;
			}
		}
		for (int i = 0; i < this.firstUndone; i++) {
			if (this.tasks.get(i).taskId() == taskId) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The task running now: the one the worker said runs, else the first not reported
	 * done.
	 */
	ClaimedTask current() {
		int current = currentIndex();
		return (current < 0) ? null : this.tasks.get(current);
	}

	private int currentIndex() {
		if (this.announced >= 0 && !this.done[this.announced]) {
			return this.announced;
		}
		return (this.firstUndone < this.done.length) ? this.firstUndone : -1;
	}

	/** Claims of the tasks not reported done, the current one first. */
	List<TaskRef> undone() {
		List<TaskRef> refs = new ArrayList<>();
		int current = currentIndex();
		if (current >= 0) {
			refs.add(this.tasks.get(current).ref());
		}
		for (int i = 0; i < this.tasks.size(); i++) {
			if (!this.done[i] && i != current) {
				refs.add(this.tasks.get(i).ref());
			}
		}
		return refs;
	}

}
