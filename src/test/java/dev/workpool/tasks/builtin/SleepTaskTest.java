package dev.workpool.tasks.builtin;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SleepTaskTest {

	private final SleepTask sleep = new SleepTask();

	@Test
	void acceptsIntegerMillisecondsInRange() {
		this.sleep.validateInput(0, 0);
		this.sleep.validateInput(1, 86_400_000);
		this.sleep.validateInput(2, 5L);
		this.sleep.validateInput(3, BigInteger.TEN);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "86400001", "1.5", "text", "null", "true", "99999999999999999999" })
	void rejectsAnythingElse(String kind) {
		Object input = switch (kind) {
			case "-1" -> -1;
			case "86400001" -> 86_400_001L;
			case "1.5" -> 1.5;
			case "null" -> null;
			case "true" -> true;
			case "99999999999999999999" -> new BigInteger(kind);
			default -> "100";
		};
		assertThatThrownBy(() -> this.sleep.validateInput(4, input)).isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessage(
					"Task type 'sleep': inputs[4] must be an integer number of milliseconds between 0 and 86400000");
	}

	@Test
	void rejectsAnyParam() {
		assertThatThrownBy(() -> this.sleep.validateParams(Map.of("rounds", 1)))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("params.rounds");
	}

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
