package dev.workpool.worker.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workpool.worker.protocol.Message.RunChunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TaskWatchdogTest {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final TaskWatchdog watchdog = new TaskWatchdog(this.timer);

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void aTaskThatOutlivesItsTimeoutIsTimedOut() {
		ChunkRun run = run();
		this.watchdog.arm(run, 50);

		await().atMost(Duration.ofSeconds(5)).until(run::isTaskTimedOut);
	}

	@Test
	void tasksThatEndInTimeAreLeftAloneAndTheNextOneGetsItsOwnDeadline() throws InterruptedException {
		List<ChunkRun> quick = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ChunkRun run = run();
			quick.add(run);
			this.watchdog.arm(run, 100);
			Thread.sleep(10);
			this.watchdog.disarm();
		}
		ChunkRun slow = run();
		this.watchdog.arm(slow, 100);

		await().atMost(Duration.ofSeconds(5)).until(slow::isTaskTimedOut);
		assertThat(quick).noneMatch(ChunkRun::isTaskTimedOut);
	}

	@Test
	void aShortTimeoutAfterALongOneIsNotLeftWaitingForTheLongOnesCheck() {
		this.watchdog.arm(run(), 600_000);
		this.watchdog.disarm();
		ChunkRun run = run();
		this.watchdog.arm(run, 50);

		await().atMost(Duration.ofSeconds(5)).until(run::isTaskTimedOut);
	}

	@Test
	void noTimeoutMeansNeverTimedOut() throws InterruptedException {
		ChunkRun run = run();
		this.watchdog.arm(run, 0);
		Thread.sleep(100);

		assertThat(run.isTaskTimedOut()).isFalse();
	}

	private static ChunkRun run() {
		ChunkRun run = new ChunkRun(new RunChunk(1, "echo", "{}", 0, 1, List.of()));
		run.taskStarted(1);
		return run;
	}

}
