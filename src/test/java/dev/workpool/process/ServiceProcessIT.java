package dev.workpool.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.ServiceProcess;
import dev.workpool.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as an operator runs it: the packaged jar in its own JVM, killed with
 * SIGKILL and started again on the same data directory.
 */
class ServiceProcessIT {

	private static final String DATABASE = "workpool_process_it";

	private static final String[] FAST_LEASES = { "--workpool.node.heartbeat-interval=1s",
			"--workpool.node.lease-timeout=3s", "--workpool.workers.stop-grace=3s" };

	@BeforeAll
	static void freshExternalDatabase() throws Exception {
		if (TestDatabase.isExternal()) {
			String url = TestDatabase.externalUrl("mysql");
			try (Connection connection = DriverManager.getConnection(url, TestDatabase.externalUser(),
					TestDatabase.externalPassword()); Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
			}
		}
	}

	/** A failed run must not leave an orphaned mariadbd behind. */
	@AfterEach
	void killLeftoverDatabases() {
		Processes.withCommandLineContaining("--datadir=" + Path.of("target", "it-process").toAbsolutePath())
			.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	void killingTheServiceStopsItsWorkersAndARestartOnTheSameDataFinishesTheJob() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "it-process", "restart-" + System.nanoTime()))
			.toAbsolutePath();
		String dbDir = "--datadir=" + dir.resolve("db");
		long jobId;
		Set<Long> workerPids;
		List<Long> firstDatabase;
		try (ServiceProcess first = ServiceProcess.start(dir, DATABASE, FAST_LEASES)) {
			ApiClient api = first.api();
			String inputs = IntStream.range(0, 40).mapToObj((i) -> "400").collect(Collectors.joining(","));
			jobId = api.submit("""
					{"task":"sleep","inputs":[%s],"parallelism":4,"maxAttempts":1}""".formatted(inputs));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> busyWorkers(api, jobId).size() == 4
						&& api.job(jobId).get("counts").get("succeeded").asInt() >= 4);
			workerPids = busyWorkers(api, jobId);
			firstDatabase = Processes.withCommandLineContaining(dbDir);

			first.killHard();
			Instant killedAt = Instant.now();

			await("workers exit after their service died").atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> workerPids.stream().noneMatch(Processes::isRunning));
			assertThat(Duration.between(killedAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
		}
		if (!TestDatabase.isExternal()) {
			assertThat(firstDatabase).as("the embedded mariadbd outlives a SIGKILL of its service").isNotEmpty();
		}

		try (ServiceProcess second = ServiceProcess.start(dir, DATABASE, FAST_LEASES)) {
			ApiClient api = second.api();
			if (!TestDatabase.isExternal()) {
				assertThat(firstDatabase).as("the orphaned mariadbd was stopped by the next start")
					.noneMatch(Processes::isRunning);
				assertThat(Processes.withCommandLineContaining(dbDir)).hasSize(1);
			}

			JsonNode job = api.awaitStatus(jobId, Duration.ofSeconds(90), "SUCCEEDED", "FAILED");

			assertThat(job.get("status").asString()).as(second.log()).isEqualTo("SUCCEEDED");
			List<JsonNode> results = api.results(jobId, "input");
			assertThat(results).hasSize(40);
			assertThat(results).allSatisfy((r) -> assertThat(r.get("status").asString()).isEqualTo("SUCCEEDED"));
			Set<Long> newPids = results.stream().map((r) -> r.get("workerPid").asLong()).collect(Collectors.toSet());
			assertThat(newPids).isNotEmpty();

			Set<Long> liveWorkers = new HashSet<>();
			api.workers().forEach((w) -> liveWorkers.add(w.get("pid").asLong()));
			assertThat(second.stopGracefully(Duration.ofSeconds(30))).isIn(0, 143);
			await("workers and the embedded database stop with the service").atMost(Duration.ofSeconds(10))
				.until(() -> liveWorkers.stream().noneMatch(Processes::isRunning)
						&& Processes.withCommandLineContaining(dbDir).isEmpty());
		}
	}

	private static Set<Long> busyWorkers(ApiClient api, long jobId) {
		Set<Long> pids = new HashSet<>();
		for (JsonNode worker : api.workers()) {
			if (worker.path("jobId").asLong() == jobId && "BUSY".equals(worker.path("state").asString())) {
				pids.add(worker.get("pid").asLong());
			}
		}
		return pids;
	}

}
