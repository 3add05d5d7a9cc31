package dev.workpool.worker.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workpool.joblog.JobLogException;
import dev.workpool.joblog.LogEntry;
import dev.workpool.lock.LockLostException;
import dev.workpool.lock.LockTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit without a database: a sink that records each batch and can hold the first
 * one until the test has lined other callers up behind it.
 */
class LogGroupCommitTest {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

	private final RecordingSink sink = new RecordingSink();

	private final LogGroupCommit commit = new LogGroupCommit(this.sink, TimeUnit.SECONDS.toNanos(60), 0, null);

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.sink.release.countDown();
		this.threads.shutdownNow();
		this.timer.shutdownNow();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aLoneCallerWritesItsOwnListAtOnceWithoutACopy() {
		this.sink.release.countDown();
		List<LogEntry> entries = List.of(entry("a1"), entry("a2"));
		this.commit.append(1, entries);
		assertThat(this.sink.batches).singleElement().isSameAs(entries);
		assertThat(this.commit.waitingCallers(1)).isZero();
	}

	@Test
	void callersArrivingWhileABatchIsWrittenAreWrittenTogetherInArrivalOrder() {
		CompletableFuture<Void> a = append(1, "a1");
		awaitFirstBatchBeingWritten();
		CompletableFuture<Void> b = append(1, "b1", "b2");
		awaitWaiting(1, 1);
		CompletableFuture<Void> c = append(1, "c1");
		awaitWaiting(1, 2);
		assertThat(List.of(a, b, c)).noneMatch(CompletableFuture::isDone);

		this.sink.release.countDown();
		CompletableFuture.allOf(a, b, c).join();

		assertThat(this.sink.messages()).containsExactly(List.of("a1"), List.of("b1", "b2", "c1"));
	}

	@Test
	void theLockIsKeptForTheBatchWaitingBehindAndReleasedByTheLastLeader() {
		CompletableFuture<Void> a = append(1, "a1");
		awaitFirstBatchBeingWritten();
		CompletableFuture<Void> b = append(1, "b1");
		awaitWaiting(1, 1);

		this.sink.release.countDown();
		CompletableFuture.allOf(a, b).join();
		this.commit.append(1, List.of(entry("c1")));

		assertThat(this.sink.events).containsExactly("open", "a1", "check", "b1", "close", "open", "c1", "close");
	}

	@Test
	void aLoneCallersLockLingersForItsNextAppendAndTheTimerReleasesItAfterwards() {
		this.sink.release.countDown();
		LogGroupCommit lingering = lingering(Duration.ofSeconds(1));
		lingering.append(1, List.of(entry("a1")));
		lingering.append(1, List.of(entry("a2")));

		assertThat(this.sink.events).containsExactly("open", "a1", "check", "a2");
		assertThat(lingering.holds(1)).isTrue();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lingering.holds(1));
		assertThat(this.sink.events).containsExactly("open", "a1", "check", "a2", "close");
	}

	@Test
	void aKeptLockFoundLostAtTheNextBatchIsTakenAgainAndTheBatchWritten() {
		this.sink.release.countDown();
		this.sink.checkFailures.add(new LockLostException("workpool:joblog:1", "connection died", null));
		LogGroupCommit lingering = lingering(Duration.ofSeconds(30));
		lingering.append(1, List.of(entry("a1")));
		lingering.append(1, List.of(entry("a2")));

		assertThat(this.sink.events).as("the kept lock's check failed: let go, taken again, written")
			.containsExactly("open", "a1", "check", "close", "open", "a2");
	}

	@Test
	void theLongestHoldCountsFromTheLocksAcquisitionNotFromTheWaitForIt() {
		this.sink.release.countDown();
		this.sink.openDelay = Duration.ofMillis(300); // other workers held the lock
		LogGroupCommit lingering = new LogGroupCommit(this.sink, TimeUnit.MILLISECONDS.toNanos(200),
				TimeUnit.SECONDS.toNanos(30), this.timer);
		lingering.append(1, List.of(entry("a1")));
		lingering.append(1, List.of(entry("a2")));

		assertThat(this.sink.events).as("kept for a2: acquired well within the longest hold")
			.containsExactly("open", "a1", "check", "a2");
	}

	@Test
	void aLockHeldForTheLongestHoldIsReleasedEvenWithABatchWaiting() {
		LogGroupCommit brief = new LogGroupCommit(this.sink, 0, 0, null);
		CompletableFuture<Void> a = CompletableFuture.runAsync(() -> brief.append(1, List.of(entry("a1"))),
				this.threads);
		awaitFirstBatchBeingWritten();
		CompletableFuture<Void> b = CompletableFuture.runAsync(() -> brief.append(1, List.of(entry("b1"))),
				this.threads);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> brief.waitingCallers(1) == 1);

		this.sink.release.countDown();
		CompletableFuture.allOf(a, b).join();

		assertThat(this.sink.events).containsExactly("open", "a1", "close", "open", "b1", "close");
	}

	@Test
	void aFailedBatchFailsEveryCallerInItAndNoOther() {
		RuntimeException failure = new LockTimeoutException("workpool:joblog:1", Duration.ofSeconds(30));
		this.sink.failures.add(null);
		this.sink.failures.add(failure);
		CompletableFuture<Void> a = append(1, "a1");
		awaitFirstBatchBeingWritten();
		CompletableFuture<Void> b = append(1, "b1");
		awaitWaiting(1, 1);
		CompletableFuture<Void> c = append(1, "c1");
		awaitWaiting(1, 2);

		this.sink.release.countDown();

		a.join();
		for (CompletableFuture<Void> failed : List.of(b, c)) {
			assertThatThrownBy(failed::join).isInstanceOf(CompletionException.class).hasCause(failure);
		}
		this.commit.append(1, List.of(entry("d1")));
		assertThat(this.sink.messages()).containsExactly(List.of("a1"), List.of("b1", "c1"), List.of("d1"));
		assertThat(this.sink.events).as("the lock is released after the failed batch")
			.containsExactly("open", "a1", "check", "b1", "c1", "close", "open", "d1", "close");
	}

	@Test
	void anotherJobsLogDoesNotWait() {
		CompletableFuture<Void> a = append(1, "a1");
		awaitFirstBatchBeingWritten();
		this.commit.append(2, List.of(entry("other job")));
		assertThat(a).isNotDone();
		this.sink.release.countDown();
		a.join();
		assertThat(this.sink.messages()).containsExactly(List.of("a1"), List.of("other job"));
	}

	@Test
	void anInterruptedLeaderWritesItsBatchWithTheInterruptClearedAndKeepsIt() {
		this.sink.release.countDown();
		Thread.currentThread().interrupt();
		try {
			this.commit.append(1, List.of(entry("last words")));
		}
		finally {
			assertThat(Thread.interrupted()).as("interrupted again after the append").isTrue();
		}
		assertThat(this.sink.interruptedWhileWriting).containsExactly(false);
	}

	@Test
	void anAppendFromInsideItsOwnAppendFailsInsteadOfWaitingForItself() {
		AtomicReference<LogGroupCommit> self = new AtomicReference<>();
		AtomicReference<RuntimeException> inner = new AtomicReference<>();
		self.set(new LogGroupCommit((jobId) -> new LogGroupCommit.Held() {

			@Override
			public void check() {
			}

			@Override
			public void append(List<LogEntry> entries) {
				try {
					self.get().append(jobId, List.of(entry("inner")));
				}
				catch (RuntimeException ex) {
					inner.set(ex);
				}
			}

			@Override
			public void close() {
			}

		}, null));
		self.get().append(1, List.of(entry("outer")));
		assertThat(inner.get()).isInstanceOf(JobLogException.class).hasMessageContaining("from inside its own append");
	}

	@Test
	void callersArrivingWhileTheLeaderChecksTheKeptLockAreWrittenInItsBatch() {
		this.sink.release.countDown();
		LogGroupCommit lingering = lingering(Duration.ofSeconds(30));
		lingering.append(1, List.of(entry("a1")));
		this.sink.checkGate = new CountDownLatch(1);
		CompletableFuture<Void> b = CompletableFuture.runAsync(() -> lingering.append(1, List.of(entry("b1"))),
				this.threads);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.sink.events.contains("check"));
		CompletableFuture<Void> c = CompletableFuture.runAsync(() -> lingering.append(1, List.of(entry("c1"))),
				this.threads);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lingering.waitingCallers(1) == 2);
		assertThat(b).isNotDone();

		this.sink.checkGate.countDown();
		CompletableFuture.allOf(b, c).join();

		assertThat(this.sink.messages()).as("c1 came during b1's check: one batch, one write")
			.containsExactly(List.of("a1"), List.of("b1", "c1"));
	}

	/** Keeps a lock up to a minute, lingering {@code linger} after a batch. */
	private LogGroupCommit lingering(Duration linger) {
		return new LogGroupCommit(this.sink, TimeUnit.SECONDS.toNanos(60), linger.toNanos(), this.timer);
	}

	private CompletableFuture<Void> append(long jobId, String... messages) {
		List<LogEntry> entries = new ArrayList<>();
		for (String message : messages) {
			entries.add(entry(message));
		}
		return CompletableFuture.runAsync(() -> this.commit.append(jobId, entries), this.threads);
	}

	private void awaitFirstBatchBeingWritten() {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.sink.entered.getCount() == 0);
	}

	private void awaitWaiting(long jobId, int callers) {
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.commit.waitingCallers(jobId) == callers);
	}

	private static LogEntry entry(String message) {
		return new LogEntry(null, null, 1, "INFO", message);
	}

	/**
	 * Records every batch, and as {@link #events} each lock acquisition ("open"), the
	 * messages of each batch and each release ("close"); the first batch waits for
	 * {@link #release}. Fails the n-th batch with {@code failures.get(n)} when there is
	 * one.
	 */
	private static final class RecordingSink implements LogGroupCommit.Sink {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<List<LogEntry>> batches = Collections.synchronizedList(new ArrayList<>());

		final List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());

		final List<Boolean> interruptedWhileWriting = Collections.synchronizedList(new ArrayList<>());

		final List<String> events = Collections.synchronizedList(new ArrayList<>());

		/**
		 * The n-th {@code check} throws {@code checkFailures.get(n)} when there is one.
		 */
		final List<RuntimeException> checkFailures = Collections.synchronizedList(new ArrayList<>());

		/** When set, a check waits for it (the round trip that lasts). */
		volatile CountDownLatch checkGate;

		private int checks;

		/** How long taking the lock takes (waiting for other holders). */
		volatile Duration openDelay = Duration.ZERO;

		@Override
		public LogGroupCommit.Held open(long jobId) {
			try {
				Thread.sleep(this.openDelay.toMillis());
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			this.events.add("open");
			return new LogGroupCommit.Held() {

				@Override
				public void check() {
					RecordingSink.this.check();
				}

				@Override
				public void append(List<LogEntry> entries) {
					write(entries);
				}

				@Override
				public void close() {
					RecordingSink.this.events.add("close");
				}

			};
		}

		private synchronized void check() {
			this.events.add("check");
			CountDownLatch gate = this.checkGate;
			if (gate != null) {
				try {
					gate.await();
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}
			int n = this.checks++;
			if (n < this.checkFailures.size() && this.checkFailures.get(n) != null) {
				throw this.checkFailures.get(n);
			}
		}

		private void write(List<LogEntry> entries) {
			this.interruptedWhileWriting.add(Thread.currentThread().isInterrupted());
			int n = this.batches.size();
			this.batches.add(entries);
			entries.forEach((entry) -> this.events.add(entry.message()));
			if (n == 0) {
				this.entered.countDown();
				try {
					this.release.await();
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}
			if (n < this.failures.size() && this.failures.get(n) != null) {
				throw this.failures.get(n);
			}
		}

		List<List<String>> messages() {
			return this.batches.stream().map((batch) -> batch.stream().map(LogEntry::message).toList()).toList();
		}

	}

}
