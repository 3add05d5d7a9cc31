package dev.workpool.worker.launcher;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.Init;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers started from the packaged application: the Spring Boot executable jar (through
 * PropertiesLauncher) and the extracted layout ({@code -Djarmode=tools extract}, a thin
 * jar with a Class-Path manifest). Needs {@code mvn package} first (failsafe passes the
 * jar as {@code workpool.it.jar}).
 */
@WorkerIntegrationTest
class PackagedWorkerIT {

	@Test
	void workerRunsFromTheExecutableJar() {
		Path jar = packagedJar();
		assertRunsAChunk(WorkerClasspath.forExecutableJar(jar), "w-fatjar");
	}

	@Test
	void workerRunsFromTheExtractedLayout(@TempDir Path directory) throws Exception {
		Path jar = packagedJar();
		Process extract = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Djarmode=tools",
				"-jar", jar.toString(), "extract", "--destination", directory.toString())
			.inheritIO()
			.start();
		assertThat(extract.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(extract.exitValue()).isZero();
		Path thinJar = directory.resolve(jar.getFileName());
		WorkerClasspath classpath = WorkerClasspath.of(thinJar.toString(), thinJar.toUri().toString());
		assertThat(classpath.mainClass()).isEqualTo(WorkerClasspath.WORKER_MAIN);
		assertRunsAChunk(classpath, "w-extracted");
	}

	@Test
	void theWorkerCdsArchiveIsMadeInTheBackgroundOnRequestAndThenUsed(@TempDir Path cache) throws Exception {
		String classpath = WorkerJarCache.classpath(packagedJar(), cache);
		WorkerCds cds = new WorkerCds(ProcessHandle.current().info().command().orElse("java"),
				WorkerProcessIT.SETTINGS.jvmOptions(), classpath, cache, WorkerProcessIT.SETTINGS.db(),
				WorkerProcessIT.SETTINGS.nodeId());

		cds.prepare();

		await().atMost(Duration.ofSeconds(90)).until(() -> Files.isRegularFile(cds.archive()));
		assertThat(cds.options()).contains("-XX:SharedArchiveFile=" + cds.archive());
		assertRunsAChunk(new WorkerClasspath(classpath, List.of(), WorkerClasspath.WORKER_MAIN), "w-cds", cds);
		assertThat(classesLoadedWithTheDatabase(classpath, cds))
			.as("what a worker loads once it uses its database comes from the archive, not the jars")
			.contains("com.mysql.cj.jdbc.result.ResultSetImpl source: shared objects file",
					"com.mysql.cj.protocol.a.NativeAuthenticationProvider source: shared objects file",
					"com.zaxxer.hikari.pool.HikariProxyConnection source: shared objects file");
	}

	@Test
	void theWorkersClassPathHoldsTheWorkerLibrariesOnly(@TempDir Path cache) {
		List<String> libraries = Stream.of(WorkerJarCache.classpath(packagedJar(), cache).split(File.pathSeparator))
			.skip(1)
			.map((entry) -> Path.of(entry).getFileName().toString())
			.toList();
		assertThat(libraries).allMatch(WorkerLibraries::isWorkerLibrary)
			.anyMatch((jar) -> jar.startsWith("mysql-connector-j-"))
			.anyMatch((jar) -> jar.startsWith("HikariCP-"))
			.noneMatch((jar) -> jar.startsWith("spring-") || jar.startsWith("tomcat-"));
	}

	/** A second training run on the archive, with the class-loading log on stdout. */
	private static String classesLoadedWithTheDatabase(String classpath, WorkerCds cds) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(WorkerProcessIT.SETTINGS.jvmOptions());
		command.addAll(cds.options());
		command.addAll(
				List.of("-Xlog:class+load=info:stdout", "-cp", classpath, WorkerClasspath.WORKER_MAIN, "--training"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (OutputStream stdin = process.getOutputStream()) {
			new FrameCodec(null, stdin).write(new Init(Message.PROTOCOL_VERSION, "w-cds-check", "node-a",
					WorkerProcessIT.SETTINGS.db(), 0, null, null, null));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
		return output;
	}

	private static void assertRunsAChunk(WorkerClasspath classpath, String workerId) {
		assertRunsAChunk(classpath, workerId, null);
	}

	private static void assertRunsAChunk(WorkerClasspath classpath, String workerId, WorkerCds cds) {
		RecordingListener listener = new RecordingListener();
		WorkerLauncher launcher = (cds != null) ? new WorkerLauncher(WorkerProcessIT.SETTINGS, classpath, cds)
				: new WorkerLauncher(WorkerProcessIT.SETTINGS, classpath);
		if (cds != null) {
			assertThat(launcher.command(workerId)).contains("-XX:SharedArchiveFile=" + cds.archive());
		}
		WorkerProcess worker = launcher.launch(workerId, listener);
		try {
			await().atMost(Duration.ofSeconds(20)).until(listener.ready::isDone);
			long jobId = WorkerTestDatabase.insertJob("hash", "{\"rounds\":2}", 1);
			List<TaskItem> items = WorkerProcessIT.tasks(jobId, "\"abc\"");
			worker.send(new RunChunk(jobId, "hash", "{\"rounds\":2}", 0, 1, items));
			await().atMost(Duration.ofSeconds(20)).until(() -> listener.done.size() == 1);
			assertThat(listener.done.get(0).outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
			assertThat(WorkerTestDatabase.task(items.get(0).taskId()).get("output")).asString().hasSize(66);
			worker.stop(Duration.ofSeconds(5));
			assertThat(listener.exit.join().code()).isZero();
		}
		finally {
			worker.kill();
		}
	}

	private static Path packagedJar() {
		String property = System.getProperty("workpool.it.jar");
		assumeThat(property).as("workpool.it.jar (set by failsafe)").isNotNull();
		Path jar = Path.of(property);
		assumeThat(Files.isRegularFile(jar)).as("packaged jar %s exists", jar).isTrue();
		return jar;
	}

}
