package dev.workpool.process;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.workpool.joblog.LogLine;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.Processes;
import dev.workpool.testsupport.ServiceProcess;
import dev.workpool.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances (two JVMs) on one database and one log directory, as two replicas
 * on a shared volume: both run tasks of one job, and its single log stays intact and in
 * sequence.
 */
class TwoReplicasIT {

	private static final String DATABASE = "workpool_replicas_it";

	@AfterEach
	void killLeftoverDatabases() {
		Processes.withCommandLineContaining("--datadir=" + Path.of("target", "it-replicas").toAbsolutePath())
			.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
	}

	@Test
	void twoReplicasShareAJobAndAppendToItsOneLogWithoutTornOrMissingLines() throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "it-replicas", "run-" + System.nanoTime()))
			.toAbsolutePath();
		Path logs = Files.createDirectories(dir.resolve("logs"));
		int dbPort = freePort();
		String[] common = { "--workpool.log-dir=" + logs, "--workpool.workers.max-processes=3" };
		List<String> firstArgs = new ArrayList<>(List.of(common));
		firstArgs.add("--workpool.embedded-db.port=" + dbPort);
		try (ServiceProcess first = ServiceProcess.start(dir.resolve("a"), DATABASE, firstArgs.toArray(String[]::new));
				ServiceProcess second = ServiceProcess.start(dir.resolve("b"), DATABASE,
						secondArgs(common, dbPort).toArray(String[]::new))) {
			int n = 400;
			String inputs = IntStream.range(0, n)
				.mapToObj((i) -> "\"line-" + i + "\"")
				.collect(Collectors.joining(","));
			ApiClient api = first.api();
			long logged = api.submit("""
					{"task":"echo","params":{"log":true},"inputs":[%s],"parallelism":6}""".formatted(inputs));
			JsonNode job = second.api().awaitStatus(logged, Duration.ofSeconds(180), "SUCCEEDED", "FAILED");
			assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");

			Set<Long> servicePids = new HashSet<>();
			for (JsonNode result : api.results(logged, "input")) {
				long workerPid = result.get("workerPid").asLong();
				ProcessHandle.of(workerPid)
					.flatMap(ProcessHandle::parent)
					.ifPresent((parent) -> servicePids.add(parent.pid()));
			}
			assertThat(servicePids).as("tasks ran under both replicas").contains(first.pid(), second.pid());

			List<LogLine> lines = new ArrayList<>();
			for (String text : api.get("/api/v1/jobs/" + logged + "/log").body().split("\n")) {
				lines.add(LogLine.parse(text));
			}
			assertThat(lines).allSatisfy((l) -> assertThat(l.checksumOk()).isTrue());
			assertThat(lines).extracting(LogLine::seq)
				.containsExactlyElementsOf(IntStream.rangeClosed(1, lines.size()).mapToObj(Long::valueOf).toList());
			List<String> echoed = lines.stream()
				.filter((l) -> l.taskIndex() != null)
				.map(LogLine::message)
				.filter((m) -> m.startsWith("line-"))
				.toList();
			assertThat(echoed).hasSize(n).doesNotHaveDuplicates();
		}
	}

	private static List<String> secondArgs(String[] common, int dbPort) {
		List<String> args = new ArrayList<>(List.of(common));
		if (!TestDatabase.isExternal()) {
			args.add("--spring.datasource.url=jdbc:mysql://127.0.0.1:" + dbPort
					+ "/workpool?rewriteBatchedStatements=true&sslMode=DISABLED");
			args.add("--spring.datasource.username=root");
			args.add("--spring.datasource.password=");
		}
		return args;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
