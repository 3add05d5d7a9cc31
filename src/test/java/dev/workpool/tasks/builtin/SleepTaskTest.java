package dev.workpool.tasks.builtin;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SleepTaskTest {

	private final SleepTask sleep = new SleepTask();

	@Test
	void sleepsAndReturnsTheInput() throws InterruptedException {
		long start = System.nanoTime();
		assertThat(this.sleep.run(50, new TestContext(Map.of()))).isEqualTo(50);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
	}

	@Test
	void stopsWhenCancelled() {
		AtomicBoolean cancelled = new AtomicBoolean();
		CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
			try {
				return this.sleep.run(60_000, new TestContext(Map.of(), cancelled));
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		cancelled.set(true);
		await().atMost(Duration.ofSeconds(2)).until(run::isDone);
		assertThat(run).isCompletedExceptionally();
		assertThatThrownBy(run::join).hasCauseInstanceOf(CancellationException.class);
	}

	@Test
	void stopsWhenInterrupted() {
		Thread.currentThread().interrupt();
		assertThatThrownBy(() -> this.sleep.run(60_000, new TestContext(Map.of())))
			.isInstanceOf(InterruptedException.class);
	}

}
