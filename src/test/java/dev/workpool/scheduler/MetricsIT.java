package dev.workpool.scheduler;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scheduler's meters, read as an operator would: {@code /actuator/metrics}. The
 * service is shared with other tests, so each test compares before and after.
 */
@IntegrationTest
class MetricsIT {

	@Autowired
	ApiClient api;

	@Test
	void taskResultsAreCountedByOutcomeAndTheirDurationsTimed() {
		double succeeded = value("workpool.tasks.done", "outcome:succeeded", "COUNT");
		double failed = value("workpool.tasks.done", "outcome:failed", "COUNT");
		double timed = value("workpool.tasks.duration", null, "COUNT");

		long ok = this.api.submit("""
				{"task":"sleep","inputs":[20,20,20],"parallelism":2}""");
		long bad = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":1,"how":"throw"}],"maxAttempts":1}""");
		assertThat(this.api.awaitStatus(ok, Duration.ofSeconds(60), "SUCCEEDED", "FAILED").get("status").asString())
			.isEqualTo("SUCCEEDED");
		assertThat(this.api.awaitStatus(bad, Duration.ofSeconds(60), "SUCCEEDED", "FAILED").get("status").asString())
			.isEqualTo("FAILED");

		assertThat(value("workpool.tasks.done", "outcome:succeeded", "COUNT")).isEqualTo(succeeded + 3);
		assertThat(value("workpool.tasks.done", "outcome:failed", "COUNT")).isEqualTo(failed + 1);
		assertThat(value("workpool.tasks.duration", null, "COUNT")).isEqualTo(timed + 4);
		assertThat(value("workpool.tasks.duration", null, "MAX")).as("seconds").isGreaterThanOrEqualTo(0.02);
	}

	@Test
	void workersAreGaugedByStateAndJobsInProgressCounted() {
		long id = this.api.submit("""
				{"task":"sleep","inputs":[3000,3000],"parallelism":2}""");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> value("workpool.workers", "state:BUSY", "VALUE") >= 2
					&& value("workpool.jobs.active", null, "VALUE") >= 1);
		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		// its two workers wait for the next job (other tests' jobs are over by now)
		await().atMost(Duration.ofSeconds(10)).until(() -> value("workpool.workers", "state:IDLE", "VALUE") >= 2);
	}

	@Test
	void aWorkerKilledForATaskTimeoutIsCountedAsKilled() {
		double killed = value("workpool.workers.exited", "cause:killed", "COUNT");

		long id = this.api.submit("""
				{"task":"stubborn","inputs":[60000],"parallelism":1,"taskTimeout":"PT1S","maxAttempts":1}""");
		this.api.awaitStatus(id, Duration.ofSeconds(30), "FAILED", "SUCCEEDED");

		await().atMost(Duration.ofSeconds(10))
			.until(() -> value("workpool.workers.exited", "cause:killed", "COUNT") >= killed + 1);
	}

	/** A statistic of a meter, or 0 when the meter has no such measurement. */
	private double value(String meter, String tag, String statistic) {
		ApiClient.Response response = this.api.get("/actuator/metrics/" + meter + ((tag != null) ? "?tag=" + tag : ""));
		assertThat(response.status()).as(meter + " " + response.body()).isEqualTo(200);
		for (JsonNode measurement : response.json().get("measurements")) {
			if (measurement.get("statistic").asString().equals(statistic)) {
				return measurement.get("value").asDouble();
			}
		}
		return 0;
	}

}
