package dev.workpool.worker.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.workpool.WorkpoolException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskRegistry;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskItem;

/**
 * Runs the tasks of a chunk one after the other on the calling (task) thread and hands
 * each result to the {@link ResultRecorder}. Several task threads may each run a chunk at
 * once (a job's {@code threadsPerWorker}); a chunk's state lives in its {@link ChunkRun}.
 * A task that throws, times out or produces an oversized output fails (or is retried);
 * one stopped by a cancel is CANCELLED; the tasks after a cancel or a shutdown are
 * SKIPPED.
 */
final class ChunkRunner {

	/** Largest output JSON stored: 4 MiB. */
	static final int MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

	private final Supplier<TaskRegistry> registry;

	private final DataSource dataSource;

	private final ResultRecorder recorder;

	private final ScheduledExecutorService timer;

	private final WorkerLog log;

	private final TaskLog taskLog;

	private final OutputCapture capture;

	ChunkRunner(Supplier<TaskRegistry> registry, DataSource dataSource, ResultRecorder recorder,
			ScheduledExecutorService timer, WorkerLog log, TaskLog taskLog, OutputCapture capture) {
		this.registry = registry;
		this.dataSource = dataSource;
		this.recorder = recorder;
		this.timer = timer;
		this.log = log;
		this.taskLog = taskLog;
		this.capture = capture;
	}

	void run(ChunkRun run) {
		RunChunk chunk = run.chunk();
		WorkerLog jobLog = this.log.forJob(chunk.jobId());
		jobLog.info("Running chunk of " + chunk.tasks().size() + " '" + chunk.taskType() + "' tasks");
		Task task = null;
		Map<String, Object> params = null;
		RuntimeException setupFailure = null;
		try {
			task = this.registry.get().get(chunk.taskType());
			params = JsonValues.parseParams(chunk.paramsJson());
		}
		catch (RuntimeException ex) {
			jobLog.warn("Chunk cannot run: " + TaskResult.errorText(ex));
			setupFailure = ex;
		}
		TaskWatchdog watchdog = new TaskWatchdog(this.timer);
		int skipped = 0;
		Deque<TaskItem> todo = new ArrayDeque<>(chunk.tasks());
		try (ChunkTransaction transaction = new ChunkTransaction(this.dataSource, this.recorder, jobLog)) {
			while (!todo.isEmpty()) {
				TaskItem item = todo.poll();
				TaskResult result;
				if (run.isStopRequested()) {
					result = TaskResult.skipped(item);
					skipped++;
				}
				else if (setupFailure != null) {
					result = TaskResult.failed(item, chunk.maxAttempts(), chunk.retryOnError(), setupFailure,
							System.nanoTime(), 0);
				}
				else {
					result = runOne(task, params, item, run, watchdog, jobLog, transaction);
				}
				List<TaskItem> again = transaction.taskEnded(item, result);
				if (again.isEmpty() && (todo.isEmpty() || transaction.isDue())) {
					again = transaction.commit();
				}
				for (int i = again.size() - 1; i >= 0; i--) {
					// run again first, in their order (the transaction says why)
					todo.addFirst(again.get(i));
				}
			}
		}
		this.recorder.flush();
		jobLog.info("Chunk done" + ((skipped > 0) ? ", " + skipped + " tasks skipped" : ""));
	}

	private TaskResult runOne(Task task, Map<String, Object> params, TaskItem item, ChunkRun run, TaskWatchdog watchdog,
			WorkerLog jobLog, ChunkTransaction transaction) {
		RunChunk chunk = run.chunk();
		run.taskStarted(item.taskId());
		watchdog.arm(run, chunk.taskTimeoutMillis());
		long start = System.nanoTime();
		this.capture.begin(chunk.jobId(), item.index(), item.attempt());
		try {
			Object output = task.run(JsonValues.parse(item.inputJson()),
					new RunContext(run, item, params, this.dataSource, this.taskLog, transaction));
			long micros = micros(start);
			if (run.shouldTaskStop()) {
				return stopped(run, item, start, micros);
			}
			return TaskResult.succeeded(item, outputJson(output), start, micros);
		}
		catch (Throwable ex) {
			rethrowFatal(ex);
			long micros = micros(start);
			if (run.shouldTaskStop()) {
				return stopped(run, item, start, micros);
			}
			jobLog.info("Task " + item.taskId() + " failed: " + TaskResult.errorText(ex));
			return TaskResult.failed(item, chunk.maxAttempts(), chunk.retryOnError(), ex, start, micros);
		}
		finally {
			watchdog.disarm();
			// what the task printed reaches its job log before its result is recorded
			this.capture.end();
			run.taskEnded();
		}
	}

	private TaskResult stopped(ChunkRun run, TaskItem item, long start, long micros) {
		if (run.isCancelled()) {
			return TaskResult.cancelled(item, start, micros);
		}
		TaskTimeoutException timedOut = new TaskTimeoutException(run.chunk().taskTimeoutMillis());
		return TaskResult.failed(item, run.chunk().maxAttempts(), run.chunk().retryOnTimeout(), timedOut, start,
				micros);
	}

	private static String outputJson(Object output) {
		byte[] json = JsonValues.write(output);
		if (json.length > MAX_OUTPUT_BYTES) {
			throw new OutputTooLargeException(json.length);
		}
		return new String(json, StandardCharsets.UTF_8);
	}

	private static long micros(long startNanos) {
		return (System.nanoTime() - startNanos) / 1000;
	}

	/**
	 * Errors the JVM cannot recover from are not task failures; StackOverflowError is.
	 */
	private static void rethrowFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
			throw (VirtualMachineError) ex;
		}
	}

	/** A task's output exceeds {@link #MAX_OUTPUT_BYTES}. */
	static final class OutputTooLargeException extends WorkpoolException {

		OutputTooLargeException(int bytes) {
			super("output too large (" + bytes + " bytes > 4 MiB)");
		}

	}

	/** A task ran longer than its chunk's timeout. */
	static final class TaskTimeoutException extends WorkpoolException {

		TaskTimeoutException(long timeoutMillis) {
			super("task exceeded its timeout of " + timeoutMillis + " ms");
		}

	}

}
