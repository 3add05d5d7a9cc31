package dev.workpool.worker.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.workpool.testsupport.Processes;
import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker whose parent process dies (SIGKILL, no chance to clean up) exits by itself.
 */
@WorkerIntegrationTest
class ParentDeathIT {

	@Test
	void workerExitsWhenItsParentIsKilled() throws Exception {
		Process parent = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
				"-DWORKPOOL_TEST_DB_URL=" + WorkerTestDatabase.url(),
				"-DWORKPOOL_TEST_DB_USER=" + WorkerTestDatabase.user(),
				"-DWORKPOOL_TEST_DB_PASSWORD=" + WorkerTestDatabase.password(), "-cp",
				System.getProperty("java.class.path"), ParentStub.class.getName())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		try {
			long workerPid = workerPid(parent);
			assertThat(Processes.isRunning(workerPid)).isTrue();

			parent.destroyForcibly().waitFor();
			await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.isRunning(workerPid));
		}
		finally {
			parent.descendants().forEach(ProcessHandle::destroyForcibly);
			parent.destroyForcibly();
		}
	}

	private static long workerPid(Process parent) throws Exception {
		BufferedReader lines = new BufferedReader(
				new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = lines.readLine()) != null) {
			if (line.startsWith("worker-pid=")) {
				return Long.parseLong(line.substring("worker-pid=".length()));
			}
		}
		throw new AssertionError("The parent stub ended without reporting its worker");
	}

}
