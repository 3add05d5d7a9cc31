package dev.workpool.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.ServiceProcess;
import dev.workpool.testsupport.SharedDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's multi-replica acceptance: three service JVMs (the packaged jar) on one
 * database. They are started once; the scenarios run in order, because the second kills
 * replica B with SIGKILL and the third stops replica C with SIGTERM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeReplicasIT {

	private static final Path ROOT = Path.of("target", "it-three").toAbsolutePath();

	private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration C_SHUTDOWN_GRACE = Duration.ofSeconds(10);

	private static SharedDatabase db;

	private static ServiceProcess a;

	private static ServiceProcess b;

	private static ServiceProcess c;

	@BeforeAll
	static void startThreeReplicasOnOneDatabase() throws Exception {
		Path dir = Files.createDirectories(ROOT.resolve("run-" + System.nanoTime()));
		db = SharedDatabase.start(dir.resolve("db"), "workpool_three_it");
		List<String> common = new ArrayList<>(db.serviceArgs());
		// 3 workers each: 9 slots for a parallelism of 6, so only the global cap holds it
		common.addAll(List.of("--workpool.log-dir=" + dir.resolve("logs"), "--workpool.workers.max-processes=3",
				"--workpool.node.heartbeat-interval=1s",
				"--workpool.node.lease-timeout=" + LEASE_TIMEOUT.toSeconds() + "s",
				"--workpool.workers.stop-grace=3s"));
		a = ServiceProcess.launch(dir.resolve("a"), db.name(), common.toArray(String[]::new));
		b = ServiceProcess.launch(dir.resolve("b"), db.name(), common.toArray(String[]::new));
		List<String> cArgs = new ArrayList<>(common);
		cArgs.add("--workpool.shutdown.grace=" + C_SHUTDOWN_GRACE.toSeconds() + "s");
		c = ServiceProcess.launch(dir.resolve("c"), db.name(), cArgs.toArray(String[]::new));
		// side by side, as a Deployment's pods start: their schema migrations meet on one
		// database
		for (ServiceProcess replica : List.of(a, b, c)) {
			replica.awaitHealthy();
		}
	}

	@AfterAll
	static void stopReplicas() {
		for (ServiceProcess replica : new ServiceProcess[] { c, b, a }) {
			if (replica != null) {
				replica.close();
			}
		}
		if (db != null) {
			db.close();
		}
		Processes.withCommandLineContaining("--datadir=" + ROOT)
			.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	@Order(1)
	void threeReplicasRunOne10000InputJobNeverAboveParallelism6InTotalAndRecordEveryResultOnce() throws Exception {
		int n = 10_000;
		String inputs = IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.joining(","));
		long id = a.api()
			.submit("""
					{"task":"echo","inputs":[%s],"parallelism":6,"chunkSize":25,"taskTimeout":"PT10M"}"""
				.formatted(inputs));
		AtomicLong highest = new AtomicLong();
		AtomicLong samples = new AtomicLong();
		AtomicBoolean done = new AtomicBoolean();
		Thread sampler = new Thread(() -> sampleRunningChunks(id, done, highest, samples), "parallelism-sampler");
		sampler.start();
		JsonNode job;
		try {
			job = b.api().awaitStatus(id, Duration.ofSeconds(240), "SUCCEEDED", "FAILED");
		}
		finally {
			done.set(true);
			sampler.join();
		}
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(samples.get()).as("samples taken").isGreaterThan(20);
		assertThat(highest.get()).as("most chunks running at once, on all replicas together")
			.isLessThanOrEqualTo(6)
			.isGreaterThanOrEqualTo(3);
		assertThat(db.number("SELECT COUNT(DISTINCT node_id) FROM tasks WHERE job_id = ?", id))
			.as("replicas that ran tasks")
			.isEqualTo(3);
		assertExactlyOneResultPerInput(id, n, (i) -> Integer.toString(i));
	}

	@Test
	@Order(2)
	void killMinus9OfAReplicaMidJobReRunsItsTasksOnTheOthersWithinLeaseTimeoutPlus5s() throws Exception {
		int n = 36;
		long id = a.api().submit(sleepJob(n, 1500, 1));
		String nodeB = nodeOf(b);
		await("replica B runs tasks of the job").atMost(Duration.ofSeconds(120))
			.until(() -> busyWorkers(b, id).size() >= 2);
		Map<Long, Integer> held = running(id, nodeB);

		b.killHard();
		long killedAt = System.nanoTime();

		await("B's tasks are claimed again by the others (or were finished by B)").atMost(LEASE_TIMEOUT.plusSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> held.entrySet().stream().allMatch((e) -> reRunOrFinished(e.getKey(), e.getValue(), nodeB)));
		Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
		JsonNode job = a.api().awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertExactlyOneResultPerInput(id, n, (i) -> "1500");
		assertThat(db.number("SELECT MAX(attempt) FROM tasks WHERE job_id = ?", id)).as("tasks were re-run")
			.isGreaterThanOrEqualTo(2);
		assertThat(db.number("SELECT SUM(failures) FROM tasks WHERE job_id = ?", id)).as("a node loss charges nothing")
			.isZero();
		assertThat(took).isLessThanOrEqualTo(LEASE_TIMEOUT.plusSeconds(5));
	}

	@Test
	@Order(3)
	void sigtermOfAReplicaMidJobExitsWithinGraceAndNoTaskIsLostOrDuplicated() throws Exception {
		int n = 36;
		long id = a.api().submit(sleepJob(n, 1500, 2));
		await("replica C runs tasks of the job").atMost(Duration.ofSeconds(120))
			.until(() -> busyWorkers(c, id).size() >= 2);
		Map<Integer, Long> executing = busyWorkers(c, id);

		long signalledAt = System.nanoTime();
		c.process().destroy();
		boolean sawNotReady = false;
		while (c.process().isAlive() && !sawNotReady) {
			try {
				sawNotReady = c.api().get("/actuator/health/readiness").status() == 503;
			}
			catch (RuntimeException ex) {
				break; // the web server is gone
			}
		}
		int exit = c.stopGracefully(C_SHUTDOWN_GRACE.plusSeconds(20));
		Duration took = Duration.ofNanos(System.nanoTime() - signalledAt);

		assertThat(exit).isIn(0, 143);
		assertThat(sawNotReady).as("readiness went DOWN while the replica drained").isTrue();
		assertThat(took).as("exit after SIGTERM").isLessThan(C_SHUTDOWN_GRACE.plusSeconds(5));
		assertThat(c.log()).contains("all workers finished");
		JsonNode job = a.api().awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertExactlyOneResultPerInput(id, n, (i) -> "1500");
		List<JsonNode> results = a.api().results(id, "input");
		executing.forEach((index, workerPid) -> assertThat(results.get(index).get("workerPid").asLong())
			.as("task %d, running on C at SIGTERM, finished there within the grace", index)
			.isEqualTo(workerPid));
		assertThat(db.number("SELECT SUM(failures) FROM tasks WHERE job_id = ?", id)).as("a drain charges nothing")
			.isZero();
	}

	private static String sleepJob(int n, int millis, int chunkSize) {
		String inputs = IntStream.range(0, n)
			.mapToObj((i) -> Integer.toString(millis))
			.collect(Collectors.joining(","));
		return """
				{"task":"sleep","inputs":[%s],"parallelism":9,"chunkSize":%d,"maxAttempts":1,"taskTimeout":"PT10M"}"""
			.formatted(inputs, chunkSize);
	}

	/** Most chunks RUNNING at once, by the database, in one consistent read each. */
	private static void sampleRunningChunks(long jobId, AtomicBoolean done, AtomicLong highest, AtomicLong samples) {
		try (Connection connection = db.connect();
				PreparedStatement count = connection.prepareStatement(
						"SELECT COUNT(DISTINCT claim_id) FROM tasks WHERE job_id = ? AND status = 'RUNNING'")) {
			connection.setAutoCommit(true);
			count.setLong(1, jobId);
			while (!done.get()) {
				try (ResultSet rs = count.executeQuery()) {
					rs.next();
					highest.accumulateAndGet(rs.getLong(1), Math::max);
					samples.incrementAndGet();
				}
				Thread.sleep(10);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertExactlyOneResultPerInput(long id, int n, java.util.function.IntFunction<String> output) {
		List<JsonNode> results = a.api().results(id, "input");
		assertThat(results).hasSize(n);
		for (int i = 0; i < n; i++) {
			JsonNode result = results.get(i);
			assertThat(result.get("index").asInt()).isEqualTo(i);
			assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("SUCCEEDED");
			assertThat(result.get("output").toString()).isEqualTo(output.apply(i));
		}
	}

	/** Task index to worker pid of the replica's workers running the job's tasks now. */
	private static Map<Integer, Long> busyWorkers(ServiceProcess replica, long jobId) {
		Map<Integer, Long> busy = new HashMap<>();
		for (JsonNode worker : replica.api().workers()) {
			if (worker.path("jobId").asLong() == jobId && "BUSY".equals(worker.path("state").asString())
					&& worker.hasNonNull("taskIndex")) {
				busy.put(worker.get("taskIndex").asInt(), worker.get("pid").asLong());
			}
		}
		return busy;
	}

	private static String nodeOf(ServiceProcess replica) {
		try (Connection connection = db.connect();
				PreparedStatement query = connection
					.prepareStatement("SELECT id FROM nodes WHERE pid = ? AND stopped_at IS NULL")) {
			query.setLong(1, replica.pid());
			try (ResultSet rs = query.executeQuery()) {
				assertThat(rs.next()).as("node row of pid %s", replica.pid()).isTrue();
				return rs.getString(1);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Task id to attempt of the job's tasks RUNNING on a node. */
	private static Map<Long, Integer> running(long jobId, String node) throws Exception {
		Map<Long, Integer> tasks = new HashMap<>();
		try (Connection connection = db.connect();
				PreparedStatement query = connection.prepareStatement(
						"SELECT id, attempt FROM tasks WHERE job_id = ? AND node_id = ? AND status = 'RUNNING'")) {
			query.setLong(1, jobId);
			query.setString(2, node);
			try (ResultSet rs = query.executeQuery()) {
				while (rs.next()) {
					tasks.put(rs.getLong(1), rs.getInt(2));
				}
			}
		}
		return tasks;
	}

	private static boolean reRunOrFinished(long taskId, int attempt, String node) {
		return db.number("SELECT attempt FROM tasks WHERE id = ?", taskId) > attempt
				|| finishedBy(taskId, attempt, node);
	}

	private static boolean finishedBy(long taskId, int attempt, String node) {
		return db.number(
				"SELECT COUNT(*) FROM tasks WHERE id = ? AND attempt = ? AND node_id = ? AND status = 'SUCCEEDED'",
				taskId, attempt, node) == 1;
	}

}
