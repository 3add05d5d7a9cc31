package dev.workpool.scheduler;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.joblog.LogLine;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.TaskRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code threadsPerWorker}: one worker JVM runs up to that many chunks of a job at once,
 * each on a task thread of its own, while {@code parallelism} still caps the job's tasks
 * running at once.
 */
@IntegrationTest
class ThreadsPerWorkerIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApiClient api;

	@Test
	void parallelism8WithThreadsPerWorker4RunsOnTwoWorkersEightTasksAtOnceFourOnEach() {
		// long enough (64 × 250 ms: 4 s on one worker alone) that a worker starting
		// slowly
		// on a loaded machine still overlaps with the other
		String inputs = IntStream.range(0, 64).mapToObj((i) -> "250").collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":8,"threadsPerWorker":4}""".formatted(inputs));

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(90), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<TaskRun> runs = runs(id);
		assertThat(runs).hasSize(64);
		Map<Long, List<TaskRun>> byWorker = runs.stream().collect(Collectors.groupingBy(TaskRun::pid));
		assertThat(byWorker).as("workers").hasSize(2);
		assertThat(TaskRun.mostAtOnce(runs)).as("tasks of the job running at once").isEqualTo(8);
		byWorker.values()
			.forEach((onOne) -> assertThat(TaskRun.mostAtOnce(onOne)).as("tasks running at once on one worker")
				.isEqualTo(4));
	}

	@Test
	void parallelismBelowThreadsPerWorkerCapsTheTasksOfItsOneWorker() {
		String inputs = IntStream.range(0, 9).mapToObj((i) -> "300").collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":3,"threadsPerWorker":8}""".formatted(inputs));

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(90), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<TaskRun> runs = runs(id);
		assertThat(runs.stream().map(TaskRun::pid).distinct()).as("workers").hasSize(1);
		assertThat(TaskRun.mostAtOnce(runs)).isEqualTo(3);
	}

	@Test
	void whatTasksRunningAtOnceOnOneWorkerPrintLandsInEachTasksOwnLogLines() {
		String inputs = IntStream.range(0, 4)
			.mapToObj((i) -> "{\"lines\":20,\"rawBytes\":0,\"pauseMs\":5}")
			.collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"chatty","inputs":[%s],"parallelism":4,"threadsPerWorker":4}""".formatted(inputs));

		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");

		assertThat(runs(id).stream().map(TaskRun::pid).distinct()).as("workers").hasSize(1);
		List<LogLine> stdout = this.api.logLines(id).stream().filter((l) -> l.level().equals("STDOUT")).toList();
		assertThat(stdout).hasSize(80)
			.allSatisfy((line) -> assertThat(line.message()).startsWith("out " + line.taskIndex() + " line "));
		for (int task = 0; task < 4; task++) {
			int index = task;
			assertThat(stdout.stream().filter((l) -> l.taskIndex() == index).map(LogLine::message))
				.as("task %d's lines, in the order it printed them", index)
				.containsExactlyElementsOf(
						IntStream.range(0, 20).mapToObj((i) -> "out " + index + " line " + i).toList());
		}
	}

	@Test
	void sqlTasksRunningAtOnceOnOneWorkerEachHoldAConnectionOfItsOwnPool() {
		// 2 s each: every statement holds its connection while all six run; a pool that
		// could not grow to a connection per lane at once (it opens them one at a time,
		// on demand) would make a lane wait for another's
		long id = holdSixConnectionsOnOneWorker(2);

		List<TaskRun> runs = runs(id);
		assertThat(runs.stream().map(TaskRun::pid).distinct()).as("workers").hasSize(1);
		assertThat(TaskRun.mostAtOnce(runs)).as("statements holding a connection at once").isEqualTo(6);
		Set<Long> connections = new HashSet<>();
		for (JsonNode result : this.api.results(id, "input")) {
			connections.add(result.get("output").get("rows").get(0).get("connection").asLong());
		}
		assertThat(connections).as("each task's own connection").hasSize(6);
	}

	@Test
	void aWorkerIdleForTheTrimDelayClosesTheConnectionsItsLanesOpened() {
		long id = holdSixConnectionsOnOneWorker(1);

		List<Long> pids = runs(id).stream().map(TaskRun::pid).distinct().toList();
		assertThat(pids).as("workers").hasSize(1);
		// its pool grew to 7 (six lanes holding one each, and the result writer); idle
		// for
		// workpool.workers.idle-trim-after (2 s in the tests), it is back to
		// workpool.workers.pool-size (2)
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(Processes.establishedTcpConnections(pids.get(0)))
				.as("database connections of the idle worker")
				.isEqualTo(2));
	}

	@Test
	void aTaskTimingOutKillsItsWorkerAndTheTasksItsOtherThreadsRanAreRunAgainUncharged() {
		// t=0: tasks 0-3 start; t=2.5 s: 1-3 end, 4-6 start beside task 0; t=4 s: task 0
		// times out and its worker is killed while 4-6 run (run again on a cold worker,
		// they have 1.5 s to spare on a busy machine)
		long id = this.api.submit("""
				{"task":"sleep","inputs":[10000,2500,2500,2500,2500,2500,2500],"parallelism":4,
				 "threadsPerWorker":4,"taskTimeout":"PT4S","maxAttempts":1}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results.get(0).get("status").asString()).isEqualTo("FAILED");
		assertThat(results.get(0).get("error").asString()).contains("timed out");
		assertThat(results.subList(1, 7))
			.allSatisfy((r) -> assertThat(r.get("status").asString()).isEqualTo("SUCCEEDED"));
		// with maxAttempts 1, a charged attempt would have failed them: 4-6 ran twice
		// (attempt 2), charged nothing (failures 0)
		assertThat(this.jdbc.queryForList(
				"SELECT CONCAT(attempt, '/', failures) FROM tasks WHERE job_id = ? AND idx >= 4", String.class, id))
			.containsOnly("2/0");
	}

	/**
	 * Six sql tasks on six lanes of one worker, each holding a connection for
	 * {@code seconds}; returns the job's id once it SUCCEEDED.
	 */
	private long holdSixConnectionsOnOneWorker(int seconds) {
		String input = "{\"seconds\":" + seconds + "}";
		String inputs = IntStream.range(0, 6).mapToObj((i) -> input).collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sql","params":{"statement":"hold-connection"},"inputs":[%s],"parallelism":6,
				 "threadsPerWorker":6}""".formatted(inputs));
		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		return id;
	}

	private List<TaskRun> runs(long jobId) {
		return TaskRun.ofJob(this.jdbc, jobId);
	}

}
