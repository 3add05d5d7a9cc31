package dev.workpool.scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5's fairness and priority acceptance on one node: a small job submitted after a
 * huge one that holds every worker gets the next worker that frees up; a job of higher
 * priority gets workers before jobs of lower priority.
 */
@IntegrationTest
class FairShareIT {

	/** {@code workpool.workers.max-processes} of the "it" profile. */
	private static final int WORKERS = 6;

	@Autowired
	ApiClient api;

	@Test
	void a10InputJobSubmittedAfterA100000InputJobStartsWithin2sAndFinishesPromptly() {
		long huge = submitHugeJobHoldingEveryWorker();

		long small = this.api.submit("""
				{"task":"echo","inputs":[0,1,2,3,4,5,6,7,8,9],"parallelism":2,"taskTimeout":"PT5M"}""");
		JsonNode done = this.api.awaitStatus(small, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");

		assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
		assertThat(Duration.between(instant(done, "createdAt"), instant(done, "startedAt")))
			.as("from submission to its first claim")
			.isLessThanOrEqualTo(Duration.ofSeconds(2));
		JsonNode hugeJob = this.api.job(huge);
		assertThat(hugeJob.at("/counts/queued").asInt()).as("the huge job is far from done").isGreaterThan(50_000);
		this.api.cancel(huge);
		this.api.awaitStatus(huge, Duration.ofSeconds(60), "CANCELLED");
	}

	@Test
	void aJobOfHigherPriorityGetsTheWorkersBeforeJobsOfLowerPriority() {
		long huge = submitHugeJobHoldingEveryWorker();

		String inputs = IntStream.range(0, 36).mapToObj((i) -> "300").collect(Collectors.joining(","));
		long urgent = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":%d,"priority":5,"taskTimeout":"PT5M"}""".formatted(inputs,
				WORKERS));
		AtomicInteger mostBusy = new AtomicInteger();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
			mostBusy.accumulateAndGet(busyWorkers(urgent), Math::max);
			return "SUCCEEDED".equals(this.api.job(urgent).get("status").asString());
		});

		assertThat(mostBusy.get()).as("workers of the urgent job at once (an equal share would be %d)", WORKERS / 2)
			.isGreaterThan(WORKERS / 2);
		this.api.cancel(huge);
		this.api.awaitStatus(huge, Duration.ofSeconds(60), "CANCELLED");
	}

	/**
	 * 100,000 short tasks, five per chunk (a worker frees up every 200 ms), with every
	 * worker of the node.
	 */
	private long submitHugeJobHoldingEveryWorker() {
		String inputs = IntStream.range(0, 100_000).mapToObj((i) -> "40").collect(Collectors.joining(","));
		long huge = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":%d,"chunkSize":5,"taskTimeout":"PT5M"}""".formatted(inputs,
				WORKERS));
		await("the huge job holds every worker").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> busyWorkers(huge) == WORKERS);
		// past every worker's first chunk (which also starts its connection pool): the
		// job
		// is in its steady state, as a long-running job would be
		await("the huge job's workers are warm").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.job(huge).at("/counts/succeeded").asInt() >= 4 * WORKERS * 5);
		return huge;
	}

	private int busyWorkers(long jobId) {
		int busy = 0;
		for (JsonNode worker : this.api.workers()) {
			if (worker.path("jobId").asLong() == jobId && "BUSY".equals(worker.path("state").asString())) {
				busy++;
			}
		}
		return busy;
	}

	private static Instant instant(JsonNode job, String field) {
		return Instant.parse(job.get(field).asString());
	}

}
