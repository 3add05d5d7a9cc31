package dev.workpool.tasks.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.jobs.JobTables;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.launcher.LaunchSettings;
import dev.workpool.worker.launcher.WorkerLauncher;
import dev.workpool.worker.launcher.RecordingListener;
import dev.workpool.worker.launcher.WorkerProcess;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.TaskItem;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code http} task type end to end: real HTTP to a local server from real workers;
 * the test profile allows {@code 127.0.0.1} (any port). The run-time SSRF check is shown
 * on a worker of its own whose name resolution the test controls.
 */
@WorkerIntegrationTest
class HttpTaskIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiClient api;

	TestHttpServer server;

	WorkerProcess worker;

	@BeforeEach
	void setUp() throws Exception {
		this.server = new TestHttpServer();
	}

	@AfterEach
	void tearDown() {
		this.server.close();
		if (this.worker != null) {
			this.worker.kill();
		}
	}

	@Test
	void httpJobOf500InputsSucceedsWithATimingLinePerRequest() {
		List<Integer> inputs = IntStream.range(0, 500).boxed().toList();
		long id = this.api.submit(aJob().withTask("http")
			.withParams(Map.of("url", this.server.url("/items/{input}")))
			.withInputs(inputs)
			.withParallelism(4)
			.withChunkSize(25)
			.build());

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(180), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results).hasSize(500);
		for (int i = 0; i < 500; i++) {
			JsonNode output = results.get(i).get("output");
			assertThat(output.get("status").asInt()).isEqualTo(200);
			assertThat(output.at("/body/item").asString()).isEqualTo(String.valueOf(i));
			assertThat(output.get("attempts").asInt()).isEqualTo(1);
		}
		assertThat(this.server.requests()).isEqualTo(500);
		String log = this.api.get("/api/v1/jobs/" + id + "/log").body();
		long timingLines = log.lines()
			.filter((line) -> line
				.matches(".* INFO GET " + this.server.url("/items/") + "\\d+: 200 in \\d+ ms \\(attempt 1/3\\) #.*"))
			.count();
		assertThat(timingLines).isEqualTo(500);
	}

	@Test
	void serverAnswering503TwiceIsRetriedAndSucceeds() {
		long id = this.api.submit(aJob().withTask("http")
			.withParams(Map.of("url", this.server.url("/flaky/{key}"), "retry", Map.of("initialBackoff", "PT0.05S")))
			.withInputs(List.of(Map.of("key", "a")))
			.build());

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		JsonNode output = this.api.results(id, "input").get(0).get("output");
		assertThat(output.get("status").asInt()).isEqualTo(200);
		assertThat(output.get("attempts").asInt()).isEqualTo(3);
		assertThat(this.server.calls("/flaky/a")).isEqualTo(3);
		String log = this.api.get("/api/v1/jobs/" + id + "/log").body();
		assertThat(log).contains(": 503 in ")
			.contains("(attempt 1/3); retrying in 50 ms")
			.contains("(attempt 2/3); retrying in 100 ms")
			.contains(": 200 in ")
			.contains("(attempt 3/3)");
	}

	@Test
	void disallowedHostIsRejectedAtSubmission() {
		JobTables tables = new JobTables(this.jdbc);
		long jobsBefore = tables.jobCount();
		long tasksBefore = tables.taskCount();

		Response response = this.api.postJson("/api/v1/jobs",
				aJob().withTask("http")
					.withParams(Map.of("url", "http://metadata.google.internal/computeMetadata/v1/"))
					.build());

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.at("/errors/0/field").asString()).isEqualTo("params.url");
		assertThat(problem.get("detail").asString()).contains("metadata.google.internal")
			.contains("workpool.tasks.http.allowed-hosts");
		assertThat(tables.jobCount()).isEqualTo(jobsBefore);
		assertThat(tables.taskCount()).isEqualTo(tasksBefore);
	}

	/**
	 * {@code rebind.test} is allowed by name, but the worker's resolver (a hosts file,
	 * {@code -Djdk.net.hosts.file}) maps it to 127.0.0.1 — as a DNS answer that changed
	 * after submission would.
	 */
	@Test
	void allowedNameResolvingToLoopbackAtRunTimeFailsTheTask(@TempDir Path dir) throws Exception {
		Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 rebind.test\n");
		String settings = JSON.writeValueAsString(Map.of("http", Map.of("allowedHosts", List.of("rebind.test"))));
		LaunchSettings launch = new LaunchSettings(
				List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-Djdk.net.hosts.file=" + hosts),
				Duration.ofSeconds(5), WorkerTestDatabase.dbSettings(), "node-it", Duration.ofMillis(200), null, null,
				settings);
		RecordingListener listener = new RecordingListener();
		this.worker = new WorkerLauncher(launch).launch("w-rebind", listener);
		await().atMost(Duration.ofSeconds(15)).until(listener.ready::isDone);

		String params = JSON
			.writeValueAsString(Map.of("url", "http://rebind.test:" + this.server.port() + "/items/{input}"));
		long jobId = WorkerTestDatabase.insertJob("http", params, 1);
		long taskId = WorkerTestDatabase.insertRunningTask(jobId, 0, "1", 1, 0);
		this.worker.send(new RunChunk(jobId, "http", params, 0, 1, List.of(new TaskItem(taskId, 0, 1, 0, "1"))));

		await().atMost(Duration.ofSeconds(15)).until(() -> !listener.done.isEmpty());
		Map<String, Object> row = WorkerTestDatabase.task(taskId);
		assertThat(row).containsEntry("status", "FAILED");
		assertThat((String) row.get("error"))
			.startsWith("TargetRefusedException: rebind.test resolves to 127.0.0.1, a loopback address")
			.contains("SSRF");
		assertThat(this.server.requests()).isZero();
	}

}
