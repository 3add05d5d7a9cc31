package dev.workpool.worker.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.Message.Cancel;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real worker processes launched by {@link WorkerLauncher}, recording into real tasks
 * rows of the test database.
 */
@WorkerIntegrationTest
class WorkerProcessIT {

	static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
			"-Xmx128m");

	static final LaunchSettings SETTINGS = new LaunchSettings(JVM_OPTIONS, Duration.ofSeconds(5),
			WorkerTestDatabase.dbSettings(), "node-it", Duration.ofMillis(100));

	private final List<WorkerProcess> workers = new ArrayList<>();

	@AfterEach
	void killWorkers() {
		this.workers.forEach(WorkerProcess::kill);
	}

	@Test
	void runsAChunkAndRecordsEachResult() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-run", listener);
		long jobId = WorkerTestDatabase.insertJob("echo", "{}", 3);
		List<TaskItem> items = tasks(jobId, "\"a\"", "{\"b\":[1,2]}", "3");
		worker.send(chunk(jobId, "echo", 3, items));

		await().atMost(Duration.ofSeconds(10)).until(() -> listener.done.size() == 3);
		assertThat(listener.done).extracting(TaskDone::taskId).containsExactlyElementsOf(ids(items));
		assertThat(listener.done).extracting(TaskDone::outcome).containsOnly(TaskOutcome.SUCCEEDED);
		Map<String, Object> row = WorkerTestDatabase.task(items.get(1).taskId());
		assertThat(row).containsEntry("status", "SUCCEEDED")
			.containsEntry("output", "{\"b\":[1,2]}")
			.containsEntry("worker_pid", worker.pid())
			.containsEntry("error", null);
		assertThat(row.get("db_connection_id")).isNotNull();
		assertThat(row.get("started_at")).isNotNull();
		assertThat(row.get("finished_at")).isNotNull();
		assertThat((Long) row.get("duration_us")).isGreaterThanOrEqualTo(0);
	}

	@Test
	void failingTaskIsRetriedAndFailsOnItsLastAttempt() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-fail", listener);
		long jobId = WorkerTestDatabase.insertJob("fail", "{}", 2);
		long first = WorkerTestDatabase.insertRunningTask(jobId, 0, "1", 1, 0);
		long last = WorkerTestDatabase.insertRunningTask(jobId, 1, "2", 2, 1);
		worker.send(
				chunk(jobId, "fail", 2, List.of(new TaskItem(first, 0, 1, 0, "1"), new TaskItem(last, 1, 2, 1, "2"))));

		await().atMost(Duration.ofSeconds(10)).until(() -> listener.done.size() == 2);
		assertThat(listener.done).extracting(TaskDone::outcome).containsExactly(TaskOutcome.RETRY, TaskOutcome.FAILED);
		assertThat(WorkerTestDatabase.task(first)).containsEntry("status", "QUEUED")
			.containsEntry("failures", 1)
			.containsEntry("node_id", null)
			.containsEntry("error", "IllegalStateException: boom 1")
			.containsEntry("finished_at", null);
		assertThat(WorkerTestDatabase.task(last)).containsEntry("status", "FAILED")
			.containsEntry("failures", 2)
			.containsEntry("error", "IllegalStateException: boom 2")
			.containsEntry("worker_pid", worker.pid());
	}

	@Test
	void resultOfAStaleAttemptIsNotRecorded() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-stale", listener);
		long jobId = WorkerTestDatabase.insertJob("echo", "{}", 3);
		long taskId = WorkerTestDatabase.insertRunningTask(jobId, 0, "\"x\"", 2, 0);
		Map<String, Object> before = WorkerTestDatabase.task(taskId);
		worker.send(chunk(jobId, "echo", 3, List.of(new TaskItem(taskId, 0, 1, 0, "\"x\""))));

		await().atMost(Duration.ofSeconds(10)).until(() -> listener.done.size() == 1);
		assertThat(listener.done.get(0).outcome()).isEqualTo(TaskOutcome.STALE);
		assertThat(WorkerTestDatabase.task(taskId)).isEqualTo(before);
	}

	@Test
	void aStaleResultAmongManyIsRefusedAndTheOthersAreRecorded() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-stale-many", listener);
		long jobId = WorkerTestDatabase.insertJob("echo", "{}", 3);
		List<TaskItem> items = new ArrayList<>();
		long staleId = 0;
		for (int i = 0; i < 5; i++) {
			// task 2 was re-queued and claimed again (attempt 2) while this worker ran
			// attempt 1
			long id = WorkerTestDatabase.insertRunningTask(jobId, i, "\"in-" + i + "\"", (i == 2) ? 2 : 1, 0);
			staleId = (i == 2) ? id : staleId;
			items.add(new TaskItem(id, i, 1, 0, "\"in-" + i + "\""));
		}
		Map<String, Object> staleBefore = WorkerTestDatabase.task(staleId);
		worker.send(chunk(jobId, "echo", 3, items));

		await().atMost(Duration.ofSeconds(10)).until(() -> listener.done.size() == 5);
		assertThat(listener.done).extracting(TaskDone::outcome)
			.containsExactly(TaskOutcome.SUCCEEDED, TaskOutcome.SUCCEEDED, TaskOutcome.STALE, TaskOutcome.SUCCEEDED,
					TaskOutcome.SUCCEEDED);
		assertThat(WorkerTestDatabase.task(staleId)).isEqualTo(staleBefore);
		for (int i : List.of(0, 1, 3, 4)) {
			Map<String, Object> row = WorkerTestDatabase.task(items.get(i).taskId());
			assertThat(row.get("status")).isEqualTo("SUCCEEDED");
			assertThat(row.get("output")).isEqualTo("\"in-" + i + "\"");
		}
	}

	@Test
	void manyResultsAreRecordedWithTheirOwnOutputsAndTimes() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-many", listener);
		long jobId = WorkerTestDatabase.insertJob("echo", "{}", 1);
		String[] inputs = new String[250];
		for (int i = 0; i < inputs.length; i++) {
			inputs[i] = "{\"n\":" + i + ",\"text\":\"it's \\\"quoted\\\" ü\"}";
		}
		List<TaskItem> items = tasks(jobId, inputs);
		worker.send(chunk(jobId, "echo", 1, items));

		await().atMost(Duration.ofSeconds(20)).until(() -> listener.done.size() == inputs.length);
		assertThat(listener.done).extracting(TaskDone::outcome).containsOnly(TaskOutcome.SUCCEEDED);
		for (int i = 0; i < inputs.length; i++) {
			Map<String, Object> row = WorkerTestDatabase.task(items.get(i).taskId());
			assertThat(row.get("status")).isEqualTo("SUCCEEDED");
			assertThat(row.get("output")).isEqualTo(inputs[i]);
			assertThat(row.get("started_at")).isNotNull();
			assertThat(row.get("finished_at")).isNotNull();
			assertThat(row.get("worker_pid")).isEqualTo(worker.pid());
		}
	}

	@Test
	void tooLargeOutputFailsTheTask() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-large", listener);
		long jobId = WorkerTestDatabase.insertJob("repeat", "{}", 1);
		List<TaskItem> items = tasks(jobId, "5000000", "10");
		worker.send(chunk(jobId, "repeat", 1, items));

		await().atMost(Duration.ofSeconds(10)).until(() -> listener.done.size() == 2);
		assertThat(listener.done).extracting(TaskDone::outcome)
			.containsExactly(TaskOutcome.FAILED, TaskOutcome.SUCCEEDED);
		assertThat(WorkerTestDatabase.task(items.get(0).taskId()).get("error"))
			.isEqualTo("OutputTooLargeException: output too large (5000002 bytes > 4 MiB)");
	}

	@Test
	void printingTaskNeitherCorruptsNorBlocksTheProtocol() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-print", listener);
		long jobId = WorkerTestDatabase.insertJob("print", "{}", 1);
		List<TaskItem> items = tasks(jobId, "1", "2");
		worker.send(chunk(jobId, "print", 1, items));

		await().atMost(Duration.ofSeconds(15)).until(() -> listener.done.size() == 2);
		assertThat(listener.done).extracting(TaskDone::outcome).containsOnly(TaskOutcome.SUCCEEDED);
		await().atMost(Duration.ofSeconds(5)).until(() -> worker.stderrTail().contains("print-task-done 2"));
		assertThat(worker.isAlive()).isTrue();
	}

	@Test
	void cancelInterruptsTheRunningTaskAndSkipsTheRest() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-cancel", listener);
		long jobId = WorkerTestDatabase.insertJob("sleep", "{}", 3);
		List<TaskItem> items = tasks(jobId, "60000", "60000", "60000");
		worker.send(chunk(jobId, "sleep", 3, items));
		await().atMost(Duration.ofSeconds(10)).until(() -> listener.isRunning(items.get(0).taskId()));

		long cancelledAt = System.nanoTime();
		worker.send(new Cancel(jobId));
		await().atMost(Duration.ofSeconds(5)).until(() -> listener.done.size() == 3);
		assertThat(listener.done).extracting(TaskDone::outcome)
			.containsExactly(TaskOutcome.CANCELLED, TaskOutcome.SKIPPED, TaskOutcome.SKIPPED);
		assertThat(WorkerTestDatabase.task(items.get(0).taskId())).containsEntry("status", "CANCELLED")
			.containsEntry("error", "cancelled");
		assertThat(WorkerTestDatabase.task(items.get(1).taskId())).containsEntry("status", "RUNNING");
		assertThat(worker.isAlive()).isTrue();
	}

	@Test
	void taskExceedingItsTimeoutFails() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-timeout", listener);
		long jobId = WorkerTestDatabase.insertJob("sleep", "{}", 3);
		List<TaskItem> items = tasks(jobId, "60000");
		worker.send(new RunChunk(jobId, "sleep", "{}", 300, 3, items));

		await().atMost(Duration.ofSeconds(5)).until(() -> listener.done.size() == 1);
		assertThat(listener.done.get(0).outcome()).isEqualTo(TaskOutcome.RETRY);
		assertThat(WorkerTestDatabase.task(items.get(0).taskId()).get("error"))
			.isEqualTo("TaskTimeoutException: task exceeded its timeout of 300 ms");
	}

	@Test
	void stopLetsAnIdleWorkerExitNormally() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-stop-idle", listener);
		worker.stop(Duration.ofSeconds(5));
		assertThat(listener.exit).isCompleted();
		assertThat(listener.exit.join().code()).isZero();
		assertThat(listener.exits).hasValue(1);
		assertThat(worker.isAlive()).isFalse();
	}

	@Test
	void stopFinishesTheCurrentTaskAndSkipsTheRest() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-stop-finish", listener);
		long jobId = WorkerTestDatabase.insertJob("sleep", "{}", 3);
		List<TaskItem> items = tasks(jobId, "700", "700");
		worker.send(chunk(jobId, "sleep", 3, items));
		await().atMost(Duration.ofSeconds(10)).until(() -> listener.isRunning(items.get(0).taskId()));

		// the grace only bounds the wait: a worker on a loaded machine opens its pool and
		// commits the result after the task, and stop returns as soon as the worker exits
		worker.stop(Duration.ofSeconds(30));
		assertThat(listener.exit.join().code()).as(worker.stderrTail()).isZero();
		assertThat(listener.done).as(worker.stderrTail())
			.extracting(TaskDone::outcome)
			.containsExactly(TaskOutcome.SUCCEEDED, TaskOutcome.SKIPPED);
		assertThat(WorkerTestDatabase.task(items.get(0).taskId())).containsEntry("status", "SUCCEEDED");
	}

	@Test
	void stopKillsABusyWorkerAfterTheGrace() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-stop-busy", listener);
		long jobId = WorkerTestDatabase.insertJob("sleep", "{}", 3);
		List<TaskItem> items = tasks(jobId, "60000");
		worker.send(chunk(jobId, "sleep", 3, items));
		await().atMost(Duration.ofSeconds(10)).until(() -> listener.isRunning(items.get(0).taskId()));

		long start = System.nanoTime();
		worker.stop(Duration.ofMillis(500));
		worker.stop(Duration.ofMillis(500));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500),
				Duration.ofSeconds(5));
		assertThat(listener.exits).hasValue(1);
		assertThat(listener.exit.join().code()).isEqualTo(137);
		assertThat(listener.exit.join().aliveAtCallback()).isFalse();
		assertThat(WorkerTestDatabase.task(items.get(0).taskId())).containsEntry("status", "RUNNING");
	}

	@Test
	void killEndsABusyWorkerAtOnce() {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = launch("w-kill", listener);
		long jobId = WorkerTestDatabase.insertJob("sleep", "{}", 3);
		List<TaskItem> items = tasks(jobId, "60000");
		worker.send(chunk(jobId, "sleep", 3, items));
		await().atMost(Duration.ofSeconds(10)).until(() -> listener.isRunning(items.get(0).taskId()));

		worker.kill();
		assertThat(listener.exit).isCompleted();
		int code = listener.exit.join().code();
		assertThat(ExitStatus.describe(code)).isEqualTo("killed by SIGKILL (exit status 137)");
		worker.kill();
		assertThat(listener.exits).hasValue(1);
	}

	@Test
	void concurrentWorkersHaveTheirOwnConnections() {
		RecordingListener first = new RecordingListener();
		RecordingListener second = new RecordingListener();
		WorkerProcess one = launch("w-conn-1", first);
		WorkerProcess two = launch("w-conn-2", second);
		long jobId = WorkerTestDatabase.insertJob("connection-id", "{}", 3);
		List<TaskItem> items = tasks(jobId, "1", "2");
		one.send(chunk(jobId, "connection-id", 3, items.subList(0, 1)));
		two.send(chunk(jobId, "connection-id", 3, items.subList(1, 2)));

		await().atMost(Duration.ofSeconds(10)).until(() -> first.done.size() == 1 && second.done.size() == 1);
		Map<String, Object> rowOne = WorkerTestDatabase.task(items.get(0).taskId());
		Map<String, Object> rowTwo = WorkerTestDatabase.task(items.get(1).taskId());
		assertThat(rowOne.get("db_connection_id")).isNotNull().isNotEqualTo(rowTwo.get("db_connection_id"));
		assertThat(rowOne.get("worker_pid")).isEqualTo(one.pid());
		assertThat(rowTwo.get("worker_pid")).isEqualTo(two.pid());
		// the task used its worker's own pool: a connection id, not the parent's
		assertThat(Long.parseLong((String) rowOne.get("output"))).isPositive();
	}

	/**
	 * Start-up speed is measured by the benchmark suite (L2); this only checks Ready
	 * arrives.
	 */
	@Test
	void aLaunchedWorkerReportsReady() {
		RecordingListener listener = new RecordingListener();
		long start = System.nanoTime();
		launch("w-start", listener);
		long millis = TimeUnit.NANOSECONDS.toMillis(listener.readyNanos - start);
		System.err.println("Worker start -> Ready: " + millis + " ms");
		assertThat(millis).isPositive();
	}

	private WorkerProcess launch(String id, RecordingListener listener) {
		WorkerProcess worker = new WorkerLauncher(SETTINGS).launch(id, listener);
		this.workers.add(worker);
		await().atMost(Duration.ofSeconds(10)).until(listener.ready::isDone);
		assertThat(listener.ready.join().pid()).isEqualTo(worker.pid());
		return worker;
	}

	static List<TaskItem> tasks(long jobId, String... inputs) {
		List<TaskItem> items = new ArrayList<>();
		for (int i = 0; i < inputs.length; i++) {
			long id = WorkerTestDatabase.insertRunningTask(jobId, i, inputs[i], 1, 0);
			items.add(new TaskItem(id, i, 1, 0, inputs[i]));
		}
		return items;
	}

	static RunChunk chunk(long jobId, String type, int maxAttempts, List<TaskItem> items) {
		return new RunChunk(jobId, type, "{}", 0, maxAttempts, items);
	}

	private static List<Long> ids(List<TaskItem> items) {
		return items.stream().map(TaskItem::taskId).toList();
	}

}
