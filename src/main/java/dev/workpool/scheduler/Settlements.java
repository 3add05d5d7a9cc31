package dev.workpool.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.RetryPolicy;
import dev.workpool.jobs.TaskQueue;
import dev.workpool.jobs.TaskRef;
import dev.workpool.jobs.TaskStatus;
import dev.workpool.worker.launcher.ExitStatus;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.WorkerExitCodes;

/**
 * Settles the claims a worker could not settle itself: tasks it skipped, and the tasks it
 * held when it died or was killed (crash, timeout, cancel). The running task is charged
 * an attempt; tasks that never started go back to the queue free of charge; a cancelled
 * job's tasks end CANCELLED.
 */
final class Settlements {

	private static final Logger log = LoggerFactory.getLogger(Settlements.class);

	private final TaskQueue queue;

	private final String nodeId;

	private final JobEventLog events;

	Settlements(TaskQueue queue, String nodeId, JobEventLog events) {
		this.queue = queue;
		this.nodeId = nodeId;
		this.events = events;
	}

	void skipped(Message.TaskDone done, boolean cancelling) {
		List<TaskRef> refs = List.of(new TaskRef(done.taskId(), done.attempt()));
		if (cancelling) {
			this.queue.cancel(refs);
		}
		else {
			this.queue.requeue(refs);
		}
	}

	/**
	 * Puts the chunk's unfinished claims back in the queue, charging nothing: the node is
	 * shutting down, or the worker could not reach the database.
	 */
	void handBack(Chunk chunk) {
		List<TaskRef> undone = chunk.undone();
		this.queue.requeue(undone);
		if (!undone.isEmpty()) {
			log.info("[node {}] job {}: {} unfinished tasks handed back to the queue", this.nodeId, chunk.jobId(),
					undone.size());
		}
	}

	void workerLost(WorkerSlot worker, Chunk chunk, JobSlots slots, int exitCode, String fatalReason) {
		List<TaskRef> undone = chunk.undone();
		if (undone.isEmpty()) {
			return;
		}
		long pid = worker.process().pid();
		if ((slots != null && slots.isCancelling()) || worker.cancelSentNanos() != 0) {
			this.queue.cancel(undone);
			return;
		}
		if (worker.killedFor() != null && worker.killedFor() != chunk) {
			// killed for the timeout of a task of another chunk it ran at the same time
			log.warn("[node {}] worker {} (pid {}) killed for another task; re-queuing {} tasks of job {} free of "
					+ "charge", this.nodeId, worker.process().id(), pid, undone.size(), chunk.jobId());
			this.queue.requeue(undone);
			return;
		}
		if (exitCode == WorkerExitCodes.DATABASE_LOST && worker.killReason() == null) {
			// its results could not be recorded: not the task's fault; run it again
			log.warn("[node {}] worker {} (pid {}) lost the database: {}; re-queuing {} tasks free of charge",
					this.nodeId, worker.process().id(), pid, fatalReason, undone.size());
			this.queue.requeue(undone);
			return;
		}
		if (!worker.isReady() && worker.killReason() == null) {
			log.warn("[node {}] worker {} (pid {}) exited with status {} before it was ready; re-queuing {} tasks",
					this.nodeId, worker.process().id(), pid, exitCode, undone.size());
			this.queue.requeue(undone);
			return;
		}
		ClaimedTask current = chunk.current();
		String error = describe(worker, pid, exitCode, fatalReason);
		int maxAttempts = (slots != null) ? slots.job().maxAttempts() : 1;
		RetryPolicy retry = (slots != null) ? slots.job().retry() : RetryPolicy.DEFAULT;
		FailureCause cause = (worker.killCause() != null) ? worker.killCause() : FailureCause.CRASH;
		long delayMicros = retry.backoff().delayMicros(current.failures(), ThreadLocalRandom.current().nextDouble());
		this.queue.failAttempt(current.ref(), maxAttempts, retry.retries(cause), delayMicros, error, pid)
			.ifPresent((status) -> {
				log.warn("[node {}] job {} task {}: {} -> {}", this.nodeId, chunk.jobId(), current.index(), error,
						status);
				this.events.task(chunk.jobId(), current.index(), current.attempt(), "ERROR",
						error + "; " + outcome(status, retry, cause, delayMicros));
			});
		this.queue.requeue(undone.subList(1, undone.size()));
	}

	private static String outcome(TaskStatus status, RetryPolicy retry, FailureCause cause, long delayMicros) {
		if (status == TaskStatus.QUEUED) {
			return "re-queued for another attempt in " + Duration.ofNanos(delayMicros * 1000);
		}
		if (!retry.retries(cause)) {
			return "task " + status + " (" + cause.jsonName() + " is not in retryOn)";
		}
		return "task " + status;
	}

	private static String describe(WorkerSlot worker, long pid, int exitCode, String fatalReason) {
		String exit = "worker pid " + pid + " " + ExitStatus.describe(exitCode);
		if (worker.killReason() != null) {
			return worker.killReason() + " (" + exit + ")";
		}
		String error = "worker crashed: " + exit;
		if (fatalReason != null) {
			error += ": " + fatalReason;
		}
		String tail = worker.process().stderrTail();
		if (tail != null && !tail.isBlank()) {
			String last = tail.strip();
			int cut = Math.max(0, last.length() - 500);
			error += "; last output: " + last.substring(cut);
		}
		return error;
	}

}
