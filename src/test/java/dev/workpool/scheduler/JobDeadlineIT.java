package dev.workpool.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Job deadlines (issue 5): past its deadline a job is stopped like a cancel (queued tasks
 * cancelled, running ones asked to stop, then killed after the cancel grace) and ends
 * FAILED with a status reason starting DEADLINE_EXCEEDED.
 */
@IntegrationTest
class JobDeadlineIT {

	/** {@code workpool.workers.cancel-grace} of the "it" profile. */
	static final Duration CANCEL_GRACE = Duration.ofSeconds(3);

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	ApiClient api;

	@Test
	void jobPastItsDeadlineEndsFailedWithDeadlineExceeded() {
		String inputs = IntStream.range(0, 20).mapToObj((i) -> "5000").collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":2,"deadline":"PT2S"}""".formatted(inputs));

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(2).plus(CANCEL_GRACE).plusSeconds(15), "FAILED",
				"SUCCEEDED", "CANCELLED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		assertThat(job.get("statusReason").asString()).startsWith("DEADLINE_EXCEEDED");
		assertThat(job.get("deadline").asString()).isEqualTo("PT2S");
		Instant createdAt = Instant.parse(job.get("createdAt").asString());
		Instant deadlineAt = Instant.parse(job.get("deadlineAt").asString());
		assertThat(Duration.between(createdAt, deadlineAt)).isEqualTo(Duration.ofSeconds(2));
		assertThat(Instant.parse(job.get("finishedAt").asString())).isAfterOrEqualTo(deadlineAt);
		JsonNode counts = job.get("counts");
		assertThat(counts.get("queued").asInt()).isZero();
		assertThat(counts.get("running").asInt()).isZero();
		assertThat(counts.get("succeeded").asInt()).isZero();
		assertThat(counts.get("cancelled").asInt()).isEqualTo(20);
	}

	@Test
	void jobPastItsDeadlineKillsTasksThatIgnoreTheCancel() {
		long id = this.api.submit("""
				{"task":"stubborn","inputs":[60000, 60000],"parallelism":2,"deadline":"PT2S"}""");
		Set<Long> pids = new HashSet<>();
		await("both tasks run").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
			this.api.workers().forEach((w) -> {
				if (w.path("jobId").asLong() == id && w.hasNonNull("taskIndex")) {
					pids.add(w.get("pid").asLong());
				}
			});
			return pids.size() == 2;
		});

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(2).plus(CANCEL_GRACE).plusSeconds(15), "FAILED",
				"SUCCEEDED", "CANCELLED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		assertThat(job.get("statusReason").asString()).startsWith("DEADLINE_EXCEEDED");
		assertThat(job.get("counts").get("cancelled").asInt()).isEqualTo(2);
		await("the killed workers are gone").atMost(Duration.ofSeconds(5))
			.until(() -> pids.stream().noneMatch(Processes::isRunning));
	}

	@Test
	void queuedJobPastItsDeadlineFailsWithoutRunningATask() {
		this.dispatcher.pauseClaiming();
		try {
			long id = this.api.submit("""
					{"task":"echo","inputs":[1, 2, 3],"deadline":"PT1S"}""");

			JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(15), "FAILED", "SUCCEEDED", "CANCELLED");

			assertThat(job.get("status").asString()).isEqualTo("FAILED");
			assertThat(job.get("statusReason").asString()).startsWith("DEADLINE_EXCEEDED");
			assertThat(job.get("counts").get("cancelled").asInt()).isEqualTo(3);
			assertThat(this.api.results(id, "input"))
				.allSatisfy((r) -> assertThat(r.get("workerPid").isNull()).isTrue());
		}
		finally {
			this.dispatcher.resumeClaiming();
		}
	}

	@Test
	void jobThatFinishesBeforeItsDeadlineSucceeds() {
		long id = this.api.submit("""
				{"task":"echo","inputs":["a","b"],"deadline":"PT2M"}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("statusReason").isNull()).isTrue();
		assertThat(job.get("deadline").asString()).isEqualTo("PT2M");
	}

	@Test
	void cancelOfAJobWithADeadlineEndsCancelledNotFailed() {
		long id = this.api.submit("""
				{"task":"sleep","inputs":[10000],"deadline":"PT1M"}""");
		this.api.cancel(id);

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(15), "CANCELLED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("CANCELLED");
	}

}
