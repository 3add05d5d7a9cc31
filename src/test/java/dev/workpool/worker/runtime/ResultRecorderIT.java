package dev.workpool.worker.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.TaskItem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When results are written, on the real database: at most
 * {@value ResultRecorder#MAX_DELAY_MILLIS} ms after the first one buffered since the last
 * write, never earlier by the timer of a write that already happened.
 */
@WorkerIntegrationTest
class ResultRecorderIT {

	/** When each task's TaskDone was sent (after its commit). */
	private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();

	private final List<Integer> batches = new CopyOnWriteArrayList<>();

	private ResultRecorder recorder;

	private long jobId;

	@BeforeEach
	void setUp() {
		long pid = ProcessHandle.current().pid();
		this.recorder = new ResultRecorder(WorkerTestDatabase.dataSource(), pid, this::sent, (reason) -> {
		}, Duration.ofSeconds(5), new WorkerLog(System.err, "it", pid));
		this.jobId = WorkerTestDatabase.insertJob("echo", "{}", 1);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.recorder.flush().get();
		this.recorder.close();
	}

	@Test
	void aResultBufferedAfterAFlushWaitsItsOwnDelayNotTheTimerOfTheResultFlushedBefore() throws Exception {
		TaskItem warmUp = item(0);
		TaskItem first = item(1);
		TaskItem second = item(2);
		// the pool's first connection takes longer than the delay
		this.recorder.add(succeeded(warmUp));
		this.recorder.flush().get();
		long firstAdded = System.nanoTime();
		this.recorder.add(succeeded(first));
		this.recorder.flush().get();
		// halfway to the first result's delay: a timer it left would write the second
		// 25 ms after it was added
		TimeUnit.NANOSECONDS.sleep(firstAdded + TimeUnit.MILLISECONDS.toNanos(25) - System.nanoTime());

		long added = System.nanoTime();
		this.recorder.add(succeeded(second));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.sentAt.containsKey(second.taskId()));

		assertThat(this.batches).containsExactly(1, 1, 1);
		assertThat(this.sentAt.get(second.taskId()) - added).as("written by its own timer, not by the first result's")
			.isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(ResultRecorder.MAX_DELAY_MILLIS));
	}

	@Test
	void resultsBufferedWithinTheDelayAreWrittenTogether() throws Exception {
		List<TaskItem> items = List.of(item(0), item(1), item(2));
		for (TaskItem item : items) {
			this.recorder.add(succeeded(item));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> items.stream().allMatch((item) -> this.sentAt.containsKey(item.taskId())));

		assertThat(this.batches).containsExactly(3);
		assertThat(items).allSatisfy(
				(item) -> assertThat(WorkerTestDatabase.task(item.taskId())).containsEntry("status", "SUCCEEDED"));
	}

	private void sent(List<TaskDone> done) {
		long now = System.nanoTime();
		this.batches.add(done.size());
		done.forEach((task) -> this.sentAt.put(task.taskId(), now));
	}

	private TaskItem item(int index) {
		return WorkerTestDatabase.insertRunningItem(this.jobId, index, "{}");
	}

	private static TaskResult succeeded(TaskItem item) {
		return TaskResult.succeeded(item, "{}", System.nanoTime(), 10);
	}

}
