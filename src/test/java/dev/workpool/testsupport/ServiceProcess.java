package dev.workpool.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

import dev.workpool.embeddeddb.FreePorts;

/**
 * The packaged service ({@code target/workpool-*.jar}) started as a separate JVM, the way
 * an operator runs it. Its output goes to a log file under target/ for post-mortems.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path logFile;

	private ServiceProcess(Process process, int port, Path logFile) {
		this.process = process;
		this.port = port;
		this.logFile = logFile;
	}

	/**
	 * Starts the jar with its own embedded database in {@code dataDir}, or, when the
	 * tests run against an external database, with a database of its own there
	 * ({@code externalDatabase}).
	 */
	public static ServiceProcess start(Path dataDir, String externalDatabase, String... extraArgs) throws IOException {
		ServiceProcess service = launch(dataDir, externalDatabase, extraArgs);
		service.awaitHealthy();
		return service;
	}

	/**
	 * Like {@link #start}, without waiting: replicas on one database start side by side,
	 * as a Deployment's pods do; {@link #awaitHealthy} each.
	 */
	public static ServiceProcess launch(Path dataDir, String externalDatabase, String... extraArgs) throws IOException {
		int port = FreePorts.pick();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		// C1 only: a test's service lives for seconds to minutes, and on 2 shared
		// cores C2's start-up work slows every other process of the suite
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-jar");
		command.add(jar().toString());
		command.add("--server.port=" + port);
		command.add("--workpool.embedded-db.data-dir=" + dataDir.resolve("db"));
		if (TestDatabase.isExternal()) {
			command.add("--spring.datasource.url=" + TestDatabase.externalUrl(externalDatabase));
			command.add("--spring.datasource.username=" + TestDatabase.externalUser());
			command.add("--spring.datasource.password=" + TestDatabase.externalPassword());
		}
		command.addAll(List.of(extraArgs));
		Files.createDirectories(dataDir);
		Path log = dataDir.resolve("service-" + port + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.directory(dataDir.toFile());
		builder.environment().remove("SPRING_DATASOURCE_URL");
		return new ServiceProcess(builder.start(), port, log);
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	public Process process() {
		return this.process;
	}

	public ApiClient api() {
		return new ApiClient(this.port);
	}

	public String log() {
		try {
			return Files.readString(this.logFile);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** SIGKILL: no shutdown hook, no cleanup, as after an OOM kill or a node loss. */
	public void killHard() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** SIGTERM, as Kubernetes stops a pod; waits for the exit. */
	public int stopGracefully(Duration timeout) throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("service did not stop within " + timeout);
		}
		return this.process.exitValue();
	}

	/** Stops the service if still running (SIGTERM, then SIGKILL after 30 s). */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

	/**
	 * Waits up to 3 minutes for the health endpoint to answer 200; stops the service if
	 * not.
	 */
	public void awaitHealthy() {
		ApiClient api = api();
		try {
			Awaitility.await("service on port " + this.port + " is healthy")
				.atMost(Duration.ofSeconds(180))
				.pollInterval(Duration.ofMillis(250))
				.failFast("the service process exited", () -> !this.process.isAlive())
				.ignoreExceptions()
				.until(() -> api.get("/actuator/health").status() == 200);
		}
		catch (RuntimeException | AssertionError ex) {
			close();
			throw new AssertionError("service did not become healthy:\n" + log(), ex);
		}
	}

	private static Path jar() {
		String jar = System.getProperty("workpool.it.jar");
		if (jar == null || !Files.exists(Path.of(jar))) {
			throw new IllegalStateException("packaged jar not found (" + jar + "); run the ITs with ./mvnw verify");
		}
		return Path.of(jar);
	}

}
