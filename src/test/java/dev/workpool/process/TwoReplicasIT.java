package dev.workpool.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.workpool.embeddeddb.FreePorts;
import dev.workpool.joblog.LogLine;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.PluginJars;
import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.ServiceProcess;
import dev.workpool.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances (two JVMs, the packaged jar) on one database, one log directory
 * and one plugins directory, as two replicas on a shared volume: both run tasks of one
 * job, its single log stays intact and in sequence, and plugin jars dropped into the
 * plugins directory are listed and run.
 */
class TwoReplicasIT {

	private static final String DATABASE = "workpool_replicas_it";

	private static final Path ROOT = Path.of("target", "it-replicas").toAbsolutePath();

	private static ServiceProcess first;

	private static ServiceProcess second;

	@BeforeAll
	static void startTwoReplicas() throws Exception {
		Path dir = Files.createDirectories(ROOT.resolve("run-" + System.nanoTime()));
		Path logs = Files.createDirectories(dir.resolve("logs"));
		Path plugins = Files.createDirectories(dir.resolve("plugins"));
		PluginJars.buildExample("plugin-wordcount", plugins.resolve("wordcount.jar"));
		PluginJars.build(plugins.resolve("log-burst.jar"),
				List.of(Path.of("src/test/java/dev/workpool/testsupport/LogBurstTask.java")),
				Map.of("META-INF/services/dev.workpool.tasks.spi.Task", "dev.workpool.testsupport.LogBurstTask\n"),
				PluginJars.spiJar().toString());
		int dbPort = FreePorts.pick();
		List<String> common = List.of("--workpool.log-dir=" + logs, "--workpool.plugins-dir=" + plugins,
				"--workpool.workers.max-processes=4");
		List<String> firstArgs = new ArrayList<>(common);
		firstArgs.add("--workpool.embedded-db.port=" + dbPort);
		first = ServiceProcess.start(dir.resolve("a"), DATABASE, firstArgs.toArray(String[]::new));
		second = ServiceProcess.start(dir.resolve("b"), DATABASE, secondArgs(common, dbPort).toArray(String[]::new));
	}

	@AfterAll
	static void stopReplicas() {
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
		Processes.withCommandLineContaining("--datadir=" + ROOT)
			.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	void twoReplicasShareAJobAndAppendToItsOneLogWithoutTornOrMissingLines() {
		int n = 400;
		String inputs = IntStream.range(0, n).mapToObj((i) -> "\"line-" + i + "\"").collect(Collectors.joining(","));
		ApiClient api = first.api();
		long logged = api.submit("""
				{"task":"echo","params":{"log":true},"inputs":[%s],"parallelism":6}""".formatted(inputs));
		JsonNode job = second.api().awaitStatus(logged, Duration.ofSeconds(180), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(replicasThatRan(logged)).as("tasks ran under both replicas").contains(first.pid(), second.pid());

		List<LogLine> lines = intactLinesInSequence(logged);
		List<String> echoed = lines.stream()
			.filter((l) -> l.taskIndex() != null)
			.map(LogLine::message)
			.filter((m) -> m.startsWith("line-"))
			.toList();
		assertThat(echoed).hasSize(n).doesNotHaveDuplicates();
	}

	@Test
	void eightWorkersOnTwoReplicasWriting5000LinesEachSomeOf64KiBLeaveExactly40000IntactEntriesInSequence() {
		String inputs = IntStream.range(0, 8)
			.mapToObj((i) -> "{\"lines\":5000,\"batch\":50,\"longEvery\":97,\"longLength\":65536}")
			.collect(Collectors.joining(","));
		long id = first.api().submit("""
				{"task":"log-burst","inputs":[%s],"parallelism":8}""".formatted(inputs));
		JsonNode job = second.api().awaitStatus(id, Duration.ofSeconds(240), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(replicasThatRan(id)).as("tasks ran under both replicas").contains(first.pid(), second.pid());

		List<LogLine> lines = intactLinesInSequence(id);
		List<String> bursts = lines.stream()
			.filter((l) -> l.taskIndex() != null && l.message().startsWith("burst "))
			.map((l) -> {
				String[] words = l.message().split(" ", 4);
				assertThat(Integer.parseInt(words[1])).isEqualTo(l.taskIndex());
				int n = Integer.parseInt(words[2]);
				String padding = words[3];
				assertThat(padding).as("entry %s of task %s", n, words[1])
					.isEqualTo(((n + 1) % 97 == 0) ? "x".repeat(65536 - ("burst " + words[1] + " " + n + " ").length())
							: "");
				return words[1] + "/" + words[2];
			})
			.toList();
		assertThat(bursts).hasSize(40_000).doesNotHaveDuplicates();
		assertThat(lines.stream().filter((l) -> l.message().length() > 60_000)).hasSize(8 * (5000 / 97));
	}

	@Test
	void examplePluginJarDroppedIntoThePluginsDirIsListedAndRuns() {
		JsonNode type = first.api().get("/api/v1/task-types/wordcount").json();
		assertThat(type.get("origin").asString()).isEqualTo("plugin wordcount.jar");
		assertThat(type.at("/paramsSchema/properties/top/default").asInt()).isEqualTo(3);
		long id = second.api().submit("""
				{"task":"wordcount","params":{"top":1,"log":true},
				 "inputs":["the quick brown fox jumps over the lazy dog","To be or not to be"],"parallelism":2}""");
		JsonNode job = first.api().awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.at("/params/ignoreCase").asBoolean()).as("schema default stored").isTrue();
		List<JsonNode> results = first.api().results(id, "input");
		assertThat(results.get(0).at("/output/words").asInt()).isEqualTo(9);
		assertThat(results.get(0).at("/output/top/the").asInt()).isEqualTo(2);
		assertThat(results.get(1).at("/output/top/be").asInt()).as("ties keep alphabetical order").isEqualTo(2);
		assertThat(first.api().get("/api/v1/jobs/" + id + "/log").body()).contains("input 0: 9 words, 8 distinct");
	}

	@Test
	void badParamsOfAPluginTypeAre400NamingTheFieldAndNothingIsStored() {
		long jobsBefore = jobCount();
		Response response = first.api().postJson("/api/v1/jobs", """
				{"task":"wordcount","params":{"top":500},"inputs":["a b"],"parallelism":1}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("params.top");
		Response badInput = first.api().postJson("/api/v1/jobs", """
				{"task":"wordcount","inputs":["ok", 42],"parallelism":1}""");
		assertThat(badInput.status()).isEqualTo(400);
		assertThat(badInput.json().at("/errors/0/field").asString()).isEqualTo("inputs[1]");
		assertThat(jobCount()).isEqualTo(jobsBefore);
	}

	private static long jobCount() {
		return first.api().get("/api/v1/jobs?limit=100").json().get("items").size();
	}

	private static Set<Long> replicasThatRan(long id) {
		Set<Long> servicePids = new HashSet<>();
		for (JsonNode result : first.api().results(id, "input")) {
			ProcessHandle.of(result.get("workerPid").asLong())
				.flatMap(ProcessHandle::parent)
				.ifPresent((parent) -> servicePids.add(parent.pid()));
		}
		return servicePids;
	}

	/** The whole log: every entry's checksum holds and sequence numbers run 1..n. */
	private static List<LogLine> intactLinesInSequence(long id) {
		List<LogLine> lines = new ArrayList<>();
		for (String text : first.api().get("/api/v1/jobs/" + id + "/log").body().split("\n")) {
			lines.add(LogLine.parse(text));
		}
		assertThat(lines).allSatisfy((l) -> assertThat(l.checksumOk()).isTrue());
		assertThat(lines).extracting(LogLine::seq)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, lines.size()).mapToObj(Long::valueOf).toList());
		return lines;
	}

	private static List<String> secondArgs(List<String> common, int dbPort) {
		List<String> args = new ArrayList<>(common);
		if (!TestDatabase.isExternal()) {
			args.add("--spring.datasource.url=jdbc:mysql://127.0.0.1:" + dbPort
					+ "/workpool?rewriteBatchedStatements=true&sslMode=DISABLED");
			args.add("--spring.datasource.username=root");
			args.add("--spring.datasource.password=");
		}
		return args;
	}

}
