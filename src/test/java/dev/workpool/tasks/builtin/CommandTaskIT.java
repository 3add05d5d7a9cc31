package dev.workpool.tasks.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code command} task type end to end on real workers; the test profile allows
 * {@code /bin/sh}.
 */
@IntegrationTest
class CommandTaskIT {

	private static final String TWO_SLEEPERS = "sleep 300 & echo $! >> \"$1\"; sleep 300 & echo $! >> \"$1\"; wait";

	@Autowired
	ApiClient api;

	@TempDir
	Path dir;

	@Test
	void commandJobRecordsExitCodesAndCapturedOutputAndLogsEachLine() {
		long id = this.api.submit(aJob().withTask("command")
			.withParams(Map.of("executable", "/bin/sh", "args",
					List.of("-c", "echo out-$1; echo err-$1 >&2; exit $2", "sh", "{name}", "{code}"),
					"failOnNonZeroExit", false))
			.withInputs(List.of(Map.of("name", "a", "code", 0), Map.of("name", "b", "code", 3)))
			.withParallelism(2)
			.build());

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results.get(0).at("/output/exitCode").asInt()).isZero();
		assertThat(results.get(0).at("/output/stdout").asString()).isEqualTo("out-a\n");
		assertThat(results.get(0).at("/output/stderr").asString()).isEqualTo("err-a\n");
		assertThat(results.get(1).at("/output/exitCode").asInt()).isEqualTo(3);
		assertThat(results.get(1).at("/output/stdout").asString()).isEqualTo("out-b\n");
		assertThat(results.get(1).at("/output/truncated").asBoolean()).isFalse();
		String log = this.api.get("/api/v1/jobs/" + id + "/log").body();
		assertThat(log).containsPattern("task=0 attempt=1 pid=\\d+ STDOUT out-a #")
			.containsPattern("task=0 attempt=1 pid=\\d+ STDERR err-a #")
			.containsPattern("task=1 attempt=1 pid=\\d+ STDOUT out-b #");
	}

	@Test
	void nonZeroExitFailsTheTaskNamingTheCodeAndStderr() {
		long id = this.api.submit(aJob().withTask("command")
			.withParams(Map.of("executable", "/bin/sh", "args", List.of("-c", "echo broken >&2; exit 5")))
			.withInputs(List.of(1))
			.build());

		assertThat(this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED").get("status").asString())
			.isEqualTo("FAILED");
		assertThat(this.api.results(id, "input").get(0).get("error").asString())
			.isEqualTo("CommandFailedException: exit code 5 from /bin/sh; stderr ends with:\nbroken");
	}

	@Test
	void timeoutKillsGrandchildrenToo() throws Exception {
		Path pids = this.dir.resolve("pids");
		long id = this.api.submit(aJob().withTask("command")
			.withParams(Map.of("executable", "/bin/sh", "args", List.of("-c", TWO_SLEEPERS, "sh", "{input}"), "timeout",
					"PT1S"))
			.withInputs(List.of(pids.toString()))
			.build());

		assertThat(this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED").get("status").asString())
			.isEqualTo("FAILED");
		assertThat(this.api.results(id, "input").get(0).get("error").asString())
			.startsWith("CommandTimeoutException: timed out after PT1S: /bin/sh (pid ");
		assertAllGone(pids, 2);
	}

	@Test
	void cancelKillsGrandchildrenToo() throws Exception {
		Path pids = this.dir.resolve("pids");
		long id = this.api.submit(aJob().withTask("command")
			.withParams(Map.of("executable", "/bin/sh", "args", List.of("-c", TWO_SLEEPERS, "sh", "{input}")))
			.withInputs(List.of(pids.toString()))
			.build());
		await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);

		this.api.cancel(id);

		assertThat(this.api.awaitStatus(id, Duration.ofSeconds(30), "CANCELLED").get("status").asString())
			.isEqualTo("CANCELLED");
		assertAllGone(pids, 2);
	}

	private static void assertAllGone(Path pidFile, int count) throws Exception {
		List<Long> pids = Files.readAllLines(pidFile).stream().map(String::trim).map(Long::parseLong).toList();
		assertThat(pids).hasSize(count);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(pids)
				.allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessTree::isRunning)).isEmpty()));
	}

}
