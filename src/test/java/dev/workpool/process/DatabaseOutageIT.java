package dev.workpool.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.ServiceProcess;
import dev.workpool.testsupport.SharedDatabase;
import dev.workpool.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's database outage acceptance: two replicas on an embedded MariaDB this test
 * runs itself, stopped for 20 s mid-job — once for real (shut down and started again on
 * the same data and port), once frozen (SIGSTOP, then SIGCONT). Every job still succeeds,
 * nothing is charged to the tasks. Last, a SIGTERM whose running tasks outlast the
 * shutdown grace: they are handed back uncharged and finish on the other replica. Skipped
 * against an external database (the test cannot stop it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIT {

	private static final Path ROOT = Path.of("target", "it-outage").toAbsolutePath();

	private static final Duration OUTAGE = Duration.ofSeconds(20);

	private static final Duration Y_SHUTDOWN_GRACE = Duration.ofSeconds(2);

	private static SharedDatabase db;

	private static ServiceProcess x;

	private static ServiceProcess y;

	@BeforeAll
	static void startTwoReplicasOnADatabaseThisTestControls() throws Exception {
		Assumptions.assumeFalse(TestDatabase.isExternal(), "the test cannot stop an external database");
		Path dir = Files.createDirectories(ROOT.resolve("run-" + System.nanoTime()));
		db = SharedDatabase.start(dir.resolve("db"), "workpool_outage_it");
		List<String> common = new ArrayList<>(db.serviceArgs());
		common.addAll(List.of("--workpool.log-dir=" + dir.resolve("logs"), "--workpool.workers.max-processes=3",
				"--workpool.node.heartbeat-interval=1s", "--workpool.node.lease-timeout=3s",
				"--workpool.workers.stop-grace=3s"));
		x = ServiceProcess.launch(dir.resolve("x"), db.name(), common.toArray(String[]::new));
		List<String> yArgs = new ArrayList<>(common);
		yArgs.add("--workpool.shutdown.grace=" + Y_SHUTDOWN_GRACE.toSeconds() + "s");
		y = ServiceProcess.launch(dir.resolve("y"), db.name(), yArgs.toArray(String[]::new));
		x.awaitHealthy();
		y.awaitHealthy();
	}

	@AfterAll
	static void stopAll() {
		for (ServiceProcess replica : new ServiceProcess[] { y, x }) {
			if (replica != null) {
				replica.close();
			}
		}
		if (db != null) {
			signal("CONT", db.serverPid());
			db.close();
		}
		Processes.withCommandLineContaining("--datadir=" + ROOT)
			.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	@Order(1)
	void stoppingTheDatabaseFor20sMidJobAnswers503AndTheJobStillSucceeds() {
		int n = 40;
		long id = x.api().submit(sleepJob(n, 400, 6));
		awaitSucceeded(id, 6);

		db.stop();
		long stoppedAt = System.nanoTime();
		Response job = x.api().get("/api/v1/jobs/" + id);
		assertThat(job.status()).as(job.body()).isEqualTo(503);
		assertThat(job.contentType()).startsWith("application/problem+json");
		Response health = y.api().get("/actuator/health");
		assertThat(health.status()).as(health.body()).isEqualTo(503);
		assertThat(health.json().get("status").asString()).isEqualTo("DOWN");
		assertThat(y.api().get("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(x.api().get("/api/v1/workers").status()).isEqualTo(200);
		await("the outage lasts " + OUTAGE).atMost(OUTAGE.plusSeconds(5))
			.until(() -> System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
		db.restart();

		assertSucceededWithOneResultPerInput(id, n, 400);
		await("health is back").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> x.api().get("/actuator/health").status() == 200
					&& y.api().get("/actuator/health").status() == 200);
	}

	@Test
	@Order(2)
	void freezingTheDatabaseFor20sMidJobLeavesTheJobSucceeding() {
		int n = 40;
		long id = y.api().submit(sleepJob(n, 400, 6));
		awaitSucceeded(id, 6);

		signal("STOP", db.serverPid());
		long frozenAt = System.nanoTime();
		try {
			await("the freeze lasts " + OUTAGE).atMost(OUTAGE.plusSeconds(5))
				.until(() -> System.nanoTime() - frozenAt >= OUTAGE.toNanos());
		}
		finally {
			signal("CONT", db.serverPid());
		}

		assertSucceededWithOneResultPerInput(id, n, 400);
	}

	@Test
	@Order(3)
	void sigtermWhoseTasksOutlastTheGraceHandsThemBackUnchargedToTheOtherReplica() throws Exception {
		int n = 6;
		long id = x.api().submit(sleepJob(n, 6000, 6));
		await("replica Y runs tasks of the job").atMost(Duration.ofSeconds(60)).until(() -> db.number("""
				SELECT COUNT(*) FROM tasks t JOIN nodes n ON n.id = t.node_id
				WHERE t.job_id = ? AND t.status = 'RUNNING' AND n.pid = ?""", id, y.pid()) > 0);
		Thread.sleep(500); // its workers are inside their tasks

		long signalledAt = System.nanoTime();
		y.stopGracefully(Duration.ofSeconds(30));
		Duration took = Duration.ofNanos(System.nanoTime() - signalledAt);

		assertThat(took).as("exit after SIGTERM").isLessThan(Y_SHUTDOWN_GRACE.plusSeconds(8));
		assertThat(y.log()).contains("shutdown grace of PT2S over");
		assertSucceededWithOneResultPerInput(id, n, 6000);
		assertThat(db.number("SELECT MAX(attempt) FROM tasks WHERE job_id = ?", id)).as("Y's tasks ran again")
			.isEqualTo(2);
	}

	private static String sleepJob(int n, int millis, int parallelism) {
		String inputs = IntStream.range(0, n)
			.mapToObj((i) -> Integer.toString(millis))
			.collect(Collectors.joining(","));
		return """
				{"task":"sleep","inputs":[%s],"parallelism":%d,"maxAttempts":1,"taskTimeout":"PT10M"}"""
			.formatted(inputs, parallelism);
	}

	private static void awaitSucceeded(long id, int atLeast) {
		await("job " + id + " is under way").atMost(Duration.ofSeconds(120))
			.until(() -> x.api().job(id).at("/counts/succeeded").asInt() >= atLeast);
	}

	private static void assertSucceededWithOneResultPerInput(long id, int n, int millis) {
		JsonNode job = x.api().awaitStatus(id, Duration.ofSeconds(180), "SUCCEEDED", "FAILED", "CANCELLED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<JsonNode> results = x.api().results(id, "input");
		assertThat(results).hasSize(n);
		for (int i = 0; i < n; i++) {
			assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
			assertThat(results.get(i).get("output").asInt()).isEqualTo(millis);
		}
		assertThat(db.number("SELECT SUM(failures) FROM tasks WHERE job_id = ?", id)).as("nothing charged").isZero();
	}

	private static void signal(String signal, long pid) {
		try {
			new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
