package dev.workpool.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.workpool.embeddeddb.FreePorts;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A newcomer's path, literally: a clean clone of the committed project, the README's run
 * command, then the README's curl example, which must print the job's results.
 */
class NewcomerQuickStartIT {

	@Test
	void cleanCloneRunsWithTheReadmeCommandAndTheReadmeCurlExamplePrintsResults() throws Exception {
		assumeThat(TestDatabase.isExternal()).as("the quick start uses the embedded database").isFalse();
		Path project = Path.of("").toAbsolutePath();
		String readme = Files.readString(project.resolve("README.md"));
		assertThat(readme).contains("./mvnw spring-boot:run").contains("./mvnw verify");
		String curlExample = curlExample(readme);

		Path clone = Files.createDirectories(Path.of("target", "it-newcomer"))
			.toAbsolutePath()
			.resolve("clone-" + System.nanoTime());
		run(project, Duration.ofMinutes(1), "git", "clone", "--quiet", project.toString(), clone.toString());
		int port = FreePorts.pick();
		ProcessBuilder builder = new ProcessBuilder("./mvnw", "-B", "spring-boot:run").directory(clone.toFile())
			.redirectErrorStream(true)
			.redirectOutput(clone.resolve("run.log").toFile());
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		builder.environment().remove("SPRING_DATASOURCE_URL");
		Process service = builder.start();
		try {
			ApiClient api = new ApiClient(port);
			await("the service from ./mvnw spring-boot:run answers").atMost(Duration.ofMinutes(5))
				.pollInterval(Duration.ofSeconds(1))
				.failFast("./mvnw spring-boot:run exited",
						() -> assertThat(service.isAlive()).as(() -> log(clone)).isTrue())
				.ignoreExceptions()
				.until(() -> api.get("/actuator/health").status() == 200);

			String printed = run(clone, Duration.ofMinutes(1), "bash", "-c",
					curlExample.replace("localhost:8080", "localhost:" + port));

			assertThat(printed).contains("\"items\":[")
				.contains("\"output\":\"a\"")
				.contains("\"output\":\"b\"")
				.contains("\"output\":\"c\"");
			assertThat(printed.split("\"status\":\"SUCCEEDED\"", -1)).hasSize(4);
		}
		finally {
			stop(service);
		}
	}

	/** The bash block of the README that follows "submit a job". */
	private static String curlExample(String readme) {
		Matcher matcher = Pattern.compile("submit a job[^\\n]*\\n+```bash\\n(.*?)```", Pattern.DOTALL).matcher(readme);
		assertThat(matcher.find()).as("README has a curl example after 'submit a job'").isTrue();
		return matcher.group(1);
	}

	private static String run(Path dir, Duration timeout, String... command) throws Exception {
		Path output = Files.createTempFile("workpool-newcomer", ".txt");
		Process process = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(finished).as("%s finished within %s; printed: %s", String.join(" ", command), timeout, text)
			.isTrue();
		assertThat(process.exitValue()).as(text).isZero();
		return text;
	}

	/**
	 * SIGTERM to the whole tree (Maven, the service, its workers and database), then
	 * SIGKILL.
	 */
	private static void stop(Process service) throws InterruptedException {
		List<ProcessHandle> tree = service.descendants().toList();
		tree.forEach(ProcessHandle::destroy);
		service.destroy();
		if (!service.waitFor(60, TimeUnit.SECONDS)) {
			service.destroyForcibly();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		tree.forEach(ProcessHandle::destroyForcibly);
	}

	private static String log(Path clone) {
		try {
			return Files.readString(clone.resolve("run.log"));
		}
		catch (IOException ex) {
			return "";
		}
	}

}
