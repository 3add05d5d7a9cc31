package dev.workpool.joblog;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import java.util.concurrent.CompletableFuture;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared job log through the public API only: workers of a job append to one log
 * under the lock, task output lands in it before results, the scheduler's own events too.
 */
@IntegrationTest
class JobLogEndToEndIT {

	@Autowired
	ApiClient api;

	@Test
	void echoWithParamsLogWritesEveryInputOnceIntactAndInSequenceFromSeveralWorkers() {
		int n = 600;
		String inputs = IntStream.range(0, n)
			.mapToObj((i) -> "\"entry-" + i + ((i % 50 == 0) ? "\\nsecond line\\\\" : "") + "\"")
			.collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"echo","params":{"log":true},"inputs":[%s],"parallelism":4}""".formatted(inputs));
		this.api.awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED");

		List<LogLine> lines = this.api.logLines(id);

		assertThat(lines).allSatisfy((line) -> assertThat(line.checksumOk()).isTrue());
		assertThat(lines).extracting(LogLine::seq)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, lines.size()).mapToObj(Long::valueOf).toList());
		List<String> echoed = lines.stream()
			.filter((l) -> l.taskIndex() != null && l.level().equals("INFO"))
			.map(LogLine::message)
			.toList();
		Set<String> expected = new HashSet<>();
		for (int i = 0; i < n; i++) {
			expected.add("entry-" + i + ((i % 50 == 0) ? "\nsecond line\\" : ""));
		}
		assertThat(echoed).hasSize(n).doesNotHaveDuplicates();
		assertThat(new HashSet<>(echoed)).isEqualTo(expected);
		assertThat(lines.stream().map(LogLine::pid).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(3);
		assertThat(lines).anySatisfy((l) -> assertThat(l.message()).startsWith("job started"));
		assertThat(lines).anySatisfy((l) -> assertThat(l.message()).isEqualTo("job finished: SUCCEEDED"));
	}

	@Test
	void aWorkerKilledWithSigkillTheMomentLogReturnsLeavesTheLineInTheLog() {
		long id = this.api.submit("""
				{"task":"self-kill","inputs":[{"log":"marker-0"},{"log":"marker-1"},{"log":"marker-2"}],
				 "parallelism":3,"maxAttempts":1}""");
		this.api.awaitStatus(id, Duration.ofSeconds(60), "FAILED");
		assertThat(this.api.results(id, "input")).allSatisfy((r) -> {
			assertThat(r.get("status").asString()).isEqualTo("FAILED");
			assertThat(r.get("error").asString()).contains("SIGKILL");
		});
		List<String> messages = this.api.logLines(id).stream().map(LogLine::message).toList();
		assertThat(messages).containsOnlyOnce("marker-0", "marker-1", "marker-2");
	}

	@Test
	void aWorkerKilledWhileHoldingALockFreesItWithin2SecondsAndOthersGoOn() {
		String lock = "held-" + System.nanoTime();
		// held long enough for the waiter to be waiting when the holder dies, even when
		// the
		// waiter's worker starts cold on a busy machine (a new JVM, then its pool)
		long holder = this.api.submit("""
				{"task":"self-kill","inputs":[{"lock":"%s","holdMillis":8000}],"parallelism":1,"maxAttempts":1}"""
			.formatted(lock));
		JsonNode held = Awaitility.await("lock " + lock + " held")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> heldLock(lock), java.util.Objects::nonNull);
		CompletableFuture<Long> died = ProcessHandle.of(held.get("pid").asLong())
			.orElseThrow()
			.onExit()
			.thenApply((process) -> System.currentTimeMillis());
		long waiter = this.api.submit("""
				{"task":"self-kill","inputs":[{"lock":"%s"}],"parallelism":1}""".formatted(lock));
		this.api.awaitStatus(waiter, Duration.ofSeconds(60), "SUCCEEDED");
		long acquiredAt = this.api.results(waiter, "input").get(0).get("output").asLong();
		assertThat(acquiredAt - died.join()).as("ms from the holder's death to the next acquisition").isLessThan(2000);
		assertThat(this.api.awaitStatus(holder, Duration.ofSeconds(30), "FAILED").get("status").asString())
			.isEqualTo("FAILED");
	}

	private JsonNode heldLock(String name) {
		for (JsonNode lock : this.api.get("/api/v1/locks").json()) {
			if (lock.path("requestedName").asString("").contains(name) && lock.hasNonNull("pid")) {
				return lock;
			}
		}
		return null;
	}

	@Test
	void whatTasksPrintIsInTheJobLogBeforeTheirResultsIncludingAPartialLastLine() {
		// "library": a library logging inside the task (as HikariCP does when the task's
		// first database call starts the worker's pool) is not the task's output
		long id = this.api.submit("""
				{"task":"chatty","inputs":[{"lines":3,"rawBytes":10,"library":true},{"lines":2,"rawBytes":0}],
				 "parallelism":2}""");
		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");

		List<LogLine> lines = this.api.logLines(id);

		assertThat(lines).filteredOn((l) -> l.level().equals("STDOUT"))
			.extracting(LogLine::message)
			.containsExactlyInAnyOrder("out 0 line 0", "out 0 line 1", "out 0 line 2", "xxxxxxxxxx", "out 1 line 0",
					"out 1 line 1");
		assertThat(lines).filteredOn((l) -> l.level().equals("STDERR"))
			.extracting(LogLine::message)
			.containsExactlyInAnyOrder("err 0", "err 1");
		assertThat(lines).extracting(LogLine::message).noneMatch((m) -> m.contains("library line"));
	}

	@Test
	void aTaskPrinting10MegabytesWithoutNewlinesNeitherBlocksNorLosesOutput() {
		int bytes = 10 * 1024 * 1024;
		long id = this.api.submit("""
				{"task":"chatty","inputs":[{"lines":0,"rawBytes":%d}],"parallelism":1}""".formatted(bytes));
		this.api.awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED");

		long printed = this.api.logLines(id)
			.stream()
			.filter((l) -> l.level().equals("STDOUT"))
			.peek((l) -> assertThat(l.message()).matches("x+"))
			.mapToLong((l) -> l.message().length())
			.sum();
		assertThat(printed).isEqualTo(bytes);
	}

}
