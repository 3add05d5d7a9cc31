package dev.workpool.worker.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workpool.testsupport.Processes;
import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;
import dev.workpool.worker.protocol.Message.Trim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real worker asked to {@code Trim} after its chunks ran on many lanes: what the chunks
 * grew is seen from outside the process (its threads and sockets in {@code /proc}, its
 * heap through {@code jcmd}), and the worker runs chunks as before afterwards.
 */
@WorkerIntegrationTest
class IdleTrimIT {

	static final int LANES = 8;

	/** The serial collector and a small starting heap, as the service's defaults. */
	static final LaunchSettings SETTINGS = new LaunchSettings(
			List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms8m", "-Xmx128m", "-XX:NewRatio=6",
					"-XX:MaxHeapFreeRatio=40"),
			Duration.ofSeconds(5), WorkerTestDatabase.dbSettings(), "node-it", Duration.ofMillis(100));

	private final List<WorkerProcess> workers = new ArrayList<>();

	@AfterEach
	void killWorkers() {
		this.workers.forEach(WorkerProcess::kill);
	}

	@Test
	void anIdleWorkerAskedToTrimEndsItsLaneThreadsClosesTheConnectionsBeyondItsPoolAndShrinksItsHeap()
			throws Exception {
		RecordingListener listener = new RecordingListener();
		WorkerProcess worker = new WorkerLauncher(SETTINGS).launch("w-trim", listener);
		this.workers.add(worker);
		await().atMost(Duration.ofSeconds(10)).until(listener.ready::isDone);
		long jobId = WorkerTestDatabase.insertJob("echo", "{}", 3);
		long pid = worker.pid();
		int threadsIdle = Processes.threads(pid);

		// 8 lanes, each holding a connection at once, then echoing 200 KB inputs: lane
		// threads, a pool of 9 (8 lanes and the result writer) and a grown heap
		runOnEveryLane(worker, listener, jobId, 0);
		long grownHeapKb = heapCommittedKb(pid);
		int threadsGrown = Processes.threads(pid);
		// (some lanes may share one: the pool opens them one at a time, on demand)
		assertThat(Processes.establishedTcpConnections(pid)).as("database connections after the chunks")
			.isGreaterThan(WorkerTestDatabase.dbSettings().poolSize() + 2);
		assertThat(threadsGrown).as("threads after chunks on %d lanes", LANES)
			.isGreaterThanOrEqualTo(threadsIdle + LANES);
		assertThat(grownHeapKb).as("heap committed after the chunks, KB").isGreaterThan(24 * 1024);

		worker.send(new Trim());

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(Processes.threads(pid)).as("threads after Trim").isLessThanOrEqualTo(threadsGrown - LANES);
			assertThat(Processes.establishedTcpConnections(pid))
				.as("database connections after Trim (the configured pool size)")
				.isEqualTo(WorkerTestDatabase.dbSettings().poolSize());
			assertThat(heapCommittedKb(pid)).as("heap committed after Trim, KB").isLessThan(grownHeapKb / 2);
		});

		// and it works as before: the lanes start again
		runOnEveryLane(worker, listener, jobId, 1);
		assertThat(Processes.threads(pid)).isGreaterThanOrEqualTo(threadsIdle + LANES);
	}

	private static void runOnEveryLane(WorkerProcess worker, RecordingListener listener, long jobId, int round) {
		int before = listener.done.size();
		String input = "\"" + "x".repeat(200_000) + "\"";
		String hold = "{\"holdMillis\":1000}";
		List<Long> ids = new ArrayList<>();
		for (int lane = 0; lane < LANES; lane++) {
			int holdIndex = round * 1000 + 900 + lane;
			long holdId = WorkerTestDatabase.insertRunningTask(jobId, holdIndex, hold, 1, 0);
			ids.add(holdId);
			worker.send(new RunChunk(jobId, "connection-id", "{}", 0, 3, true, true,
					List.of(new TaskItem(holdId, holdIndex, 1, 0, hold)), lane));
			List<TaskItem> items = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				int index = round * 1000 + lane * 10 + i;
				long id = WorkerTestDatabase.insertRunningTask(jobId, index, input, 1, 0);
				items.add(new TaskItem(id, index, 1, 0, input));
				ids.add(id);
			}
			worker.send(new RunChunk(jobId, "echo", "{}", 0, 3, true, true, items, lane));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> listener.done.size() == before + ids.size());
		assertThat(listener.done.subList(before, listener.done.size()))
			.allMatch((done) -> done.outcome() == TaskOutcome.SUCCEEDED && ids.contains(done.taskId()), "succeeded");
	}

	/**
	 * The young and old generations' committed sizes, as {@code jcmd GC.heap_info} says.
	 */
	static long heapCommittedKb(long pid) throws IOException, InterruptedException {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				String.valueOf(pid), "GC.heap_info")
			.redirectErrorStream(true)
			.start();
		String out = new String(jcmd.getInputStream().readAllBytes());
		assertThat(jcmd.waitFor()).as(out).isZero();
		long total = 0;
		Matcher generations = Pattern.compile("(?m)^ (def new generation|tenured generation)\\s+total\\s+(\\d+)K")
			.matcher(out);
		while (generations.find()) {
			total += Long.parseLong(generations.group(2));
		}
		assertThat(total).as(out).isPositive();
		return total;
	}

}
