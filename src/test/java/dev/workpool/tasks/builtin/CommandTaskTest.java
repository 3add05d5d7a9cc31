package dev.workpool.tasks.builtin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CommandTaskTest {

	@TempDir
	Path base;

	CommandTask task = new CommandTask();

	@BeforeEach
	void setUp() {
		this.task.configure(Map.of("allowed", List.of("/bin/sh", "echo"), "envAllowed", List.of("PATH", "GREETING"),
				"workingDir", this.base.toString(), "maxOutputBytes", 100));
	}

	@Test
	void disabledByDefaultNamingTheProperty() {
		CommandTask unconfigured = new CommandTask();
		unconfigured.configure(Map.of());
		assertThatThrownBy(() -> unconfigured.validateParams(Map.of("executable", "/bin/sh")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("disabled")
			.hasMessageContaining("workpool.tasks.command.allowed")
			.extracting("field")
			.isEqualTo("params.executable");
	}

	@Test
	void runsTheProgramWithTemplatedArgsAndCapturesItsOutput() throws Exception {
		Map<String, Object> result = run(Map.of("name", "ada", "code", 3),
				Map.of("executable", "/bin/sh", "args",
						List.of("-c", "echo \"out $1 $(pwd)\"; echo \"err $1\" >&2; exit $2", "sh", "{name}", "{code}"),
						"workingDir", "jobs/a", "failOnNonZeroExit", false));
		Path dir = this.base.resolve("jobs/a").toRealPath();
		assertThat(result).containsEntry("exitCode", 3)
			.containsEntry("stdout", "out ada " + dir + "\n")
			.containsEntry("stderr", "err ada\n")
			.containsEntry("truncated", false);
		assertThat((Long) result.get("elapsedMs")).isNotNegative();
	}

	@Test
	void bareNamesAreFoundOnThePath() throws Exception {
		assertThat(run("hi", Map.of("executable", "echo", "args", List.of("say", "{input}")))).containsEntry("stdout",
				"say hi\n");
	}

	@Test
	void nonZeroExitFailsNamingTheCodeAndTheEndOfStderr() {
		assertThatThrownBy(() -> run("x",
				Map.of("executable", "/bin/sh", "args", List.of("-c", "echo first >&2; echo last words >&2; exit 7"))))
			.isInstanceOf(CommandFailedException.class)
			.hasMessageContaining("exit code 7 from /bin/sh")
			.hasMessageEndingWith("first\nlast words");
	}

	@Test
	void outputOverTheLimitIsCutAndFlagged() throws Exception {
		Map<String, Object> result = run("x", Map.of("executable", "/bin/sh", "args",
				List.of("-c", "i=0; while [ $i -lt 50 ]; do echo line-$i; i=$((i+1)); done")));
		assertThat((String) result.get("stdout")).hasSize(100).startsWith("line-0\nline-1\n");
		assertThat(result).containsEntry("truncated", true);
	}

	@Test
	void onlyAllowedEnvironmentReachesTheProgram() throws Exception {
		Map<String, Object> result = run(Map.of("who", "world"), Map.of("executable", "/bin/sh", "args",
				List.of("-c", "echo \"$GREETING|$HOME|${PATH:+path}\""), "env", Map.of("GREETING", "hello {who}")));
		assertThat(result).containsEntry("stdout", "hello world||path\n");
	}

	@Test
	void timeoutKillsTheWholeProcessTree() throws Exception {
		Path pids = this.base.resolve("pids");
		long start = System.nanoTime();
		assertThatThrownBy(() -> run(pids.toString(),
				Map.of("executable", "/bin/sh", "args",
						List.of("-c", "sleep 300 & echo $! >> \"$1\"; sleep 300 & echo $! >> \"$1\"; wait", "sh",
								"{input}"),
						"timeout", "PT0.5S")))
			.isInstanceOf(CommandTimeoutException.class)
			.hasMessageStartingWith("timed out after PT0.5S");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertGone(pids);
	}

	@Test
	void interruptKillsTheWholeProcessTree() throws Exception {
		Path pids = this.base.resolve("pids");
		Thread[] runner = new Thread[1];
		CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
			runner[0] = Thread.currentThread();
			try {
				run(pids.toString(), Map.of("executable", "/bin/sh", "args", List.of("-c",
						"sleep 300 & echo $! >> \"$1\"; sleep 300 & echo $! >> \"$1\"; wait", "sh", "{input}")));
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
		runner[0].interrupt();
		assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
		assertGone(pids);
	}

	@Test
	void cancelKillsTheWholeProcessTree() throws Exception {
		Path pids = this.base.resolve("pids");
		AtomicBoolean cancelled = new AtomicBoolean();
		TestContext context = new TestContext(Map.of("executable", "/bin/sh", "args",
				List.of("-c", "sleep 300 & echo $! >> \"$1\"; wait", "sh", "{input}")), cancelled);
		CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
			try {
				this.task.run(pids.toString(), context);
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pids) && !Files.readAllLines(pids).isEmpty());
		cancelled.set(true);
		assertThat(outcome.get()).hasMessageStartingWith("cancelled: /bin/sh");
		assertGone(pids);
	}

	@Test
	void backgroundProcessesDoNotOutliveTheProgram() throws Exception {
		Path pids = this.base.resolve("pids");
		run(pids.toString(), Map.of("executable", "/bin/sh", "args",
				List.of("-c", "sleep 300 > /dev/null 2>&1 & echo $! >> \"$1\"; sleep 0.5", "sh", "{input}")));
		assertGone(pids);
	}

	@Test
	void badParamsNameTheirField() {
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/rm"))).isEqualTo("params.executable");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "sh"))).isEqualTo("params.executable");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/sh", "workingDir", "../x")))
			.isEqualTo("params.workingDir");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/sh", "workingDir", "a/../../x")))
			.isEqualTo("params.workingDir");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/sh", "workingDir", "/tmp")))
			.isEqualTo("params.workingDir");
		assertThat(TestContext.refusedField(this.task,
				Map.of("executable", "/bin/sh", "env", Map.of("LD_PRELOAD", "/x.so"))))
			.isEqualTo("params.env.LD_PRELOAD");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/sh", "env", Map.of("PATH", "/tmp"))))
			.isEqualTo("params.env.PATH");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/sh", "timeout", "PT25H")))
			.isEqualTo("params.timeout");
		assertThat(TestContext.refusedField(this.task, Map.of("executable", "/bin/sh", "workingDir", "a/b"))).isNull();
	}

	@Test
	void badSettingsFailNamingTheProperty() {
		assertThatThrownBy(() -> new CommandTask().configure(Map.of("allowed", List.of("bin/sh"))))
			.hasMessageStartingWith("workpool.tasks.command.allowed: 'bin/sh'");
	}

	private void assertGone(Path pidFile) throws Exception {
		List<Long> pids = Files.readAllLines(pidFile).stream().map(String::trim).map(Long::parseLong).toList();
		assertThat(pids).isNotEmpty();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(pids)
				.allSatisfy((pid) -> assertThat(ProcessHandle.of(pid).filter(ProcessTree::isRunning)).isEmpty()));
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> run(Object input, Map<String, Object> params) throws Exception {
		return (Map<String, Object>) this.task.run(input, new TestContext(new HashMap<>(params)));
	}

}
