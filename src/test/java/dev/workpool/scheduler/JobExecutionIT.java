package dev.workpool.scheduler;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.ServiceConnections;
import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.TaskRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The foundation's acceptance: jobs submitted over HTTP run in separate worker JVMs,
 * results come back in input order, parallelism holds, crashes, timeouts and cancels are
 * handled.
 */
@IntegrationTest
class JobExecutionIT {

	/** {@code workpool.workers.max-tasks-per-worker} of the "it" profile. */
	static final int MAX_TASKS_PER_WORKER = 1000;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApiClient api;

	@Test
	void echoJobOf200InputsSucceedsInInputOrderOnSeveralWorkersNeverAbove4AtOnce() {
		String inputs = IntStream.range(0, 200)
			.mapToObj((i) -> "{\"n\":" + i + ",\"s\":\"v" + i + "\"}")
			.collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"name":"echo-200","task":"echo","inputs":[%s],"parallelism":4}""".formatted(inputs));

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(90), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("counts").get("succeeded").asInt()).isEqualTo(200);
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results).hasSize(200);
		for (int i = 0; i < 200; i++) {
			JsonNode item = results.get(i);
			assertThat(item.get("index").asInt()).isEqualTo(i);
			assertThat(item.get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(item.get("output").get("n").asInt()).isEqualTo(i);
			assertThat(item.get("output").get("s").asString()).isEqualTo("v" + i);
		}
		Set<Long> pids = results.stream().map((r) -> r.get("workerPid").asLong()).collect(Collectors.toSet());
		assertThat(pids).hasSizeGreaterThanOrEqualTo(2).doesNotContain(ProcessHandle.current().pid());
		assertThat(maxConcurrentTasks(id)).isBetween(1, 4);
	}

	@Test
	void parallelismCapsConcurrentTasksOfAJob() {
		String inputs = IntStream.range(0, 24).mapToObj((i) -> "150").collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":3}""".formatted(inputs));
		AtomicInteger mostBusy = new AtomicInteger();

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
			int busy = 0;
			for (JsonNode worker : this.api.workers()) {
				if (worker.path("jobId").asLong() == id && "BUSY".equals(worker.path("state").asString())) {
					busy++;
				}
			}
			mostBusy.accumulateAndGet(busy, Math::max);
			return this.api.job(id).get("status").asString().equals("SUCCEEDED");
		});

		assertThat(mostBusy.get()).isBetween(1, 3);
		assertThat(maxConcurrentTasks(id)).isEqualTo(3);
	}

	@Test
	void eachWorkerUsesOnlyItsOwnDatabaseConnections() throws Exception {
		String inputs = IntStream.range(0, 200).mapToObj(Integer::toString).collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"echo","inputs":[%s],"parallelism":4}""".formatted(inputs));
		this.api.awaitStatus(id, Duration.ofSeconds(90), "SUCCEEDED");

		Map<Long, Set<Long>> connectionsByWorker = new HashMap<>();
		this.jdbc.query("SELECT worker_pid, db_connection_id FROM tasks WHERE job_id = ?", (ResultSet rs) -> {
			connectionsByWorker.computeIfAbsent(rs.getLong(1), (k) -> new HashSet<>()).add(rs.getLong(2));
		}, id);
		assertThat(connectionsByWorker).hasSizeGreaterThanOrEqualTo(2);
		List<Long> all = connectionsByWorker.values().stream().flatMap(Set::stream).toList();
		assertThat(all).doesNotContainNull().doesNotHaveDuplicates().hasSameSizeAs(new HashSet<>(all));
		int seen = connectionsByWorker.values().stream().mapToInt(Set::size).sum();
		assertThat(new HashSet<>(all)).hasSize(seen);
		assertThat(all).doesNotContainAnyElementsOf(ServiceConnections.ids(this.dataSource));
	}

	@Test
	void killedWorkersTaskIsRetriedAndTheJobSucceeds() {
		long id = this.api.submit("""
				{"task":"sleep","inputs":[800,800,800,800,800,800],"parallelism":2,"maxAttempts":2}""");
		JsonNode victim = awaitBusyWorker(id);
		int index = victim.get("taskIndex").asInt();

		ProcessHandle.of(victim.get("pid").asLong()).ifPresent(ProcessHandle::destroyForcibly);

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results).allSatisfy((r) -> assertThat(r.get("status").asString()).isEqualTo("SUCCEEDED"));
		assertThat(results.get(index).get("attempt").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(results.get(index).get("workerPid").asLong()).isNotEqualTo(victim.get("pid").asLong());
	}

	@Test
	void killedWorkersTaskFailsWithAClearErrorWhenNoAttemptIsLeft() {
		long id = this.api.submit("""
				{"task":"sleep","inputs":[20000],"parallelism":1,"maxAttempts":1}""");
		JsonNode victim = awaitBusyWorker(id);
		long pid = victim.get("pid").asLong();

		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		JsonNode result = this.api.results(id, "input").get(0);
		assertThat(result.get("status").asString()).isEqualTo("FAILED");
		assertThat(result.get("error").asString()).contains("worker pid " + pid).contains("SIGKILL");
	}

	@Test
	void cancelOfA1000TaskSleepJobEndsCancelledWithinGraceAndLeavesNoWorkerAlive() {
		String inputs = IntStream.range(0, 1000).mapToObj((i) -> "100").collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":4}""".formatted(inputs));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.job(id).get("counts").get("succeeded").asInt() >= 8);

		Instant cancelledAt = Instant.now();
		this.api.cancel(id);
		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(3 + 2), "CANCELLED");

		assertThat(Duration.between(cancelledAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
		assertThat(job.get("counts").get("queued").asInt()).isZero();
		assertThat(job.get("counts").get("running").asInt()).isZero();
		assertThat(job.get("counts").get("cancelled").asInt()).isGreaterThan(0);
		// the workers whose running task the cancel stopped are retired; idle ones may be
		// reused
		Set<Long> interrupted = this.api.results(id, "input")
			.stream()
			.filter((r) -> r.get("status").asString().equals("CANCELLED") && r.hasNonNull("workerPid"))
			.map((r) -> r.get("workerPid").asLong())
			.collect(Collectors.toSet());
		await("workers whose task was cancelled exit").atMost(Duration.ofSeconds(5))
			.until(() -> interrupted.stream().noneMatch(Processes::isRunning));
		assertThat(busyWorkerPids(id)).isEmpty();
	}

	@Test
	void cancelKillsAWorkerWhoseTaskIgnoresIt() {
		long id = this.api.submit("""
				{"task":"stubborn","inputs":[60000, 60000],"parallelism":2}""");
		awaitBusyWorker(id);
		Set<Long> pids = busyWorkerPids(id);

		this.api.cancel(id);

		this.api.awaitStatus(id, Duration.ofSeconds(3 + 2), "CANCELLED");
		await().atMost(Duration.ofSeconds(2)).until(() -> pids.stream().noneMatch(Processes::isRunning));
		assertThat(this.api.results(id, "input"))
			.allSatisfy((r) -> assertThat(r.get("status").asString()).isEqualTo("CANCELLED"));
	}

	@Test
	void taskTimeoutKillsTheWorkerAndFailsTheTask() {
		long id = this.api.submit("""
				{"task":"stubborn","inputs":[60000],"parallelism":1,"taskTimeout":"PT1S"}""");
		JsonNode worker = awaitBusyWorker(id);

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(15), "FAILED", "SUCCEEDED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		JsonNode result = this.api.results(id, "input").get(0);
		assertThat(result.get("error").asString()).contains("timed out after PT1S");
		await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.isRunning(worker.get("pid").asLong()));
	}

	@Test
	void idleWorkersAreReusedByLaterJobs() {
		long first = this.api.submit("""
				{"task":"echo","inputs":["a"],"parallelism":1}""");
		this.api.awaitStatus(first, Duration.ofSeconds(60), "SUCCEEDED");
		long pid = this.api.results(first, "input").get(0).get("workerPid").asLong();
		JsonNode worker = workerWithPid(pid);
		assertThat(worker).as("the worker stays alive, idle, after its job").isNotNull();
		assertThat(worker.get("state").asString()).isEqualTo("IDLE");
		assumeThat(worker.get("tasksDone").asInt()).as("not due for recycling").isLessThan(MAX_TASKS_PER_WORKER - 1);

		long second = this.api.submit("""
				{"task":"echo","inputs":["b"],"parallelism":1}""");
		this.api.awaitStatus(second, Duration.ofSeconds(60), "SUCCEEDED");

		Set<Long> idlePids = new HashSet<>();
		this.api.workers().forEach((w) -> idlePids.add(w.get("pid").asLong()));
		assertThat(idlePids).contains(pid);
		assertThat(this.api.results(second, "input").get(0).get("workerPid").asLong()).isIn(idlePids);
	}

	@Test
	void resultsComeBackInCompletionOrderToo() {
		long warmUp = this.api.submit("""
				{"task":"sleep","inputs":[300, 300],"parallelism":2}""");
		this.api.awaitStatus(warmUp, Duration.ofSeconds(60), "SUCCEEDED");
		long id = this.api.submit("""
				{"task":"sleep","inputs":[3000, 10, 10, 10],"parallelism":2}""");
		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");

		List<Integer> order = this.api.results(id, "completion").stream().map((r) -> r.get("index").asInt()).toList();

		assertThat(order).containsExactly(1, 2, 3, 0);
		assertThat(this.api.results(id, "input").stream().map((r) -> r.get("index").asInt())).containsExactly(0, 1, 2,
				3);
	}

	@Test
	void aWorkerIsReplacedAfterMaxTasksPerWorker() {
		String inputs = IntStream.range(0, 2 * MAX_TASKS_PER_WORKER + 10)
			.mapToObj(Integer::toString)
			.collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"echo","inputs":[%s],"parallelism":1,"chunkSize":10}""".formatted(inputs));
		this.api.awaitStatus(id, Duration.ofSeconds(90), "SUCCEEDED");

		Map<Long, Long> tasksPerPid = this.api.results(id, "input")
			.stream()
			.collect(Collectors.groupingBy((r) -> r.get("workerPid").asLong(), Collectors.counting()));
		assertThat(tasksPerPid).hasSizeGreaterThanOrEqualTo(3);
		assertThat(tasksPerPid.values()).allMatch((n) -> n <= MAX_TASKS_PER_WORKER);
	}

	@Test
	void chunksCarrySeveralInputsToOneWorkerAndKeepInputOrder() {
		String inputs = IntStream.range(0, 100).mapToObj(Integer::toString).collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"echo","inputs":[%s],"parallelism":2,"chunkSize":10}""".formatted(inputs));
		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");

		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results).extracting((r) -> r.get("output").asInt())
			.containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
		for (int chunk = 0; chunk < 10; chunk++) {
			Set<Long> pids = new HashSet<>();
			for (int i = chunk * 10; i < chunk * 10 + 10; i++) {
				pids.add(results.get(i).get("workerPid").asLong());
			}
			assertThat(pids).as("chunk %d ran on one worker", chunk).hasSize(1);
		}
	}

	@Test
	void aWorkerThatRunsOutOfMemoryFailsItsTaskWithItsExitStatusAndIsReplaced() {
		long id = this.api.submit("""
				{"task":"oom","inputs":[1, 2],"parallelism":1,"maxAttempts":1}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "FAILED", "SUCCEEDED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results).allSatisfy((r) -> assertThat(r.get("error").asString()).contains("worker crashed")
			.contains("ran out of memory (OutOfMemoryError) (exit status 3)"));
		assertThat(results.get(0).get("workerPid").asLong()).isNotEqualTo(results.get(1).get("workerPid").asLong());
	}

	private JsonNode workerWithPid(long pid) {
		for (JsonNode worker : this.api.workers()) {
			if (worker.get("pid").asLong() == pid) {
				return worker;
			}
		}
		return null;
	}

	private JsonNode awaitBusyWorker(long jobId) {
		JsonNode[] found = new JsonNode[1];
		await("a worker runs a task of job " + jobId).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				for (JsonNode worker : this.api.workers()) {
					if (worker.path("jobId").asLong() == jobId && worker.hasNonNull("taskIndex")
							&& "BUSY".equals(worker.path("state").asString())) {
						found[0] = worker;
						return true;
					}
				}
				return false;
			});
		return found[0];
	}

	private Set<Long> busyWorkerPids(long jobId) {
		Set<Long> pids = new HashSet<>();
		for (JsonNode worker : this.api.workers()) {
			if (worker.path("jobId").asLong() == jobId) {
				pids.add(worker.get("pid").asLong());
			}
		}
		return pids;
	}

	/**
	 * Most tasks of the job whose [start, start + duration) intervals overlap at one
	 * instant.
	 */

	private int maxConcurrentTasks(long jobId) {
		return TaskRun.mostAtOnce(TaskRun.ofJob(this.jdbc, jobId));
	}

}
