package dev.workpool.worker.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.DbSettings;
import dev.workpool.worker.protocol.Message.Fatal;
import dev.workpool.worker.protocol.Message.Heartbeat;
import dev.workpool.worker.protocol.Message.Init;
import dev.workpool.worker.protocol.Message.Ready;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.WorkerExitCodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WorkerMain} as a raw subprocess driven frame by frame, without the launcher: the
 * protocol edge cases and how the worker ends.
 */
@WorkerIntegrationTest
class WorkerMainIT {

	private final List<Process> processes = new ArrayList<>();

	@AfterEach
	void killProcesses() {
		this.processes.forEach(Process::destroyForcibly);
	}

	@Test
	void refusesAnInitOfAnotherProtocolVersion() throws Exception {
		Process worker = start();
		FrameCodec codec = codec(worker);
		codec.write(new Init(99, "w-v", "node-it", WorkerTestDatabase.dbSettings(), 1000));
		Message reply = codec.read();
		assertThat(reply).isInstanceOf(Fatal.class);
		assertThat(((Fatal) reply).reason()).contains("protocol version " + Message.PROTOCOL_VERSION);
		assertThat(exitCode(worker, 5)).isEqualTo(WorkerExitCodes.PROTOCOL_ERROR);
	}

	@Test
	void refusesAFirstFrameThatIsNotInit() throws Exception {
		Process worker = start();
		FrameCodec codec = codec(worker);
		codec.write(new Message.Shutdown());
		assertThat(codec.read()).isInstanceOf(Fatal.class);
		assertThat(exitCode(worker, 5)).isEqualTo(WorkerExitCodes.PROTOCOL_ERROR);
	}

	@Test
	void exitsPromptlyWhenStdinClosesDuringATask() throws Exception {
		Process worker = start();
		FrameCodec codec = codec(worker);
		codec.write(new Init(Message.PROTOCOL_VERSION, "w-eof", "node-it", WorkerTestDatabase.dbSettings(), 50));
		assertThat(codec.read()).isInstanceOf(Ready.class);
		codec.write(new RunChunk(1, "sleep", "{}", 0, 1, List.of(new TaskItem(42, 0, 1, 0, "60000"))));
		Message message;
		do {
			message = codec.read();
		}
		while (!(message instanceof Heartbeat heartbeat && heartbeat.currentTaskId() == 42));

		long closedAt = System.nanoTime();
		worker.getOutputStream().close();
		assertThat(exitCode(worker, 5)).isEqualTo(WorkerExitCodes.OK);
		assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void sendsFatalAndExitsWhenResultsCannotBeRecorded() throws Exception {
		Process worker = start("-Dworkpool.worker.db-retry-millis=500");
		FrameCodec codec = codec(worker);
		DbSettings unreachable = new DbSettings("jdbc:mysql://127.0.0.1:1/nothing", "root", "", 1, 0);
		codec.write(new Init(Message.PROTOCOL_VERSION, "w-nodb", "node-it", unreachable, 60_000));
		assertThat(codec.read()).isInstanceOf(Ready.class);
		codec.write(new RunChunk(1, "echo", "{}", 0, 1, List.of(new TaskItem(42, 0, 1, 0, "1"))));

		// a slow machine may first see the task announced as running (TaskRunning after
		// 100 ms)
		Message reply = codec.read();
		while (reply instanceof Message.TaskRunning || reply instanceof Message.Heartbeat) {
			reply = codec.read();
		}
		assertThat(reply).isInstanceOf(Fatal.class);
		assertThat(((Fatal) reply).reason()).startsWith("Cannot record 1 task results");
		assertThat(exitCode(worker, 5)).isEqualTo(WorkerExitCodes.DATABASE_LOST);
	}

	private Process start(String... jvmOptions) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(
				List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:disable", "-Xlog:all=warning:stderr"));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerMain.class.getName()));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		this.processes.add(process);
		return process;
	}

	private static FrameCodec codec(Process worker) {
		return new FrameCodec(worker.getInputStream(), worker.getOutputStream());
	}

	private static int exitCode(Process worker, int seconds) throws InterruptedException {
		assertThat(worker.waitFor(seconds, TimeUnit.SECONDS)).as("worker exited within %d s", seconds).isTrue();
		return worker.exitValue();
	}

}
