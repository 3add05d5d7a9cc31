package dev.workpool.scheduler;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.FlakyTask;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retries (issue 5): a failed attempt is retried only for the causes in {@code retryOn},
 * and a retried task is not claimed again before its backoff has passed, whichever side
 * recorded the failure (the worker for an error, the parent for a crash or timeout).
 */
@IntegrationTest
class RetryBackoffIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApiClient api;

	@Test
	void retriedTaskWaitsForItsBackoffBeforeItsNextAttempt() {
		long id = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":1,"how":"error"}],"maxAttempts":2,
				 "backoff":{"initial":"PT3S","multiplier":1.0,"max":"PT3S"}}""");

		Duration waited = observedBackoff(id);

		// 3 s -20 % jitter = 2.4 s; the observation loses at most a few polls of it
		assertThat(waited).isGreaterThan(Duration.ofMillis(1800));
		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		JsonNode result = this.api.results(id, "input").get(0);
		assertThat(result.get("attempt").asInt()).isEqualTo(2);
		assertThat(result.get("output").asInt()).isEqualTo(2);
	}

	@Test
	void crashedTaskWaitsForItsBackoffBeforeItsNextAttempt() {
		long id = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":1,"how":"crash"}],"maxAttempts":2,
				 "backoff":{"initial":"PT2S","multiplier":1.0}}""");

		Duration waited = observedBackoff(id);

		assertThat(waited).isGreaterThan(Duration.ofMillis(1200));
		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.api.results(id, "input").get(0).get("attempt").asInt()).isEqualTo(2);
	}

	@Test
	void retryOnErrorOnlyDoesNotRetryACrash() {
		long id = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":1,"how":"crash"}],"maxAttempts":3,"retryOn":["error"],
				 "backoff":{"initial":"PT0S"}}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		assertThat(job.get("retryOn").values().stream().map(JsonNode::asString)).containsExactly("error");
		JsonNode result = this.api.results(id, "input").get(0);
		assertThat(result.get("attempt").asInt()).isEqualTo(1);
		assertThat(result.get("error").asString()).contains("worker crashed")
			.contains("status " + FlakyTask.CRASH_EXIT_STATUS);
	}

	@Test
	void retryOnCrashOnlyDoesNotRetryAnError() {
		long id = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":1,"how":"error"}],"maxAttempts":3,"retryOn":["crash"],
				 "backoff":{"initial":"PT0S"}}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		JsonNode result = this.api.results(id, "input").get(0);
		assertThat(result.get("attempt").asInt()).isEqualTo(1);
		assertThat(result.get("error").asString()).contains("flaky failure of attempt 1");
	}

	@Test
	void retryOnWithoutTimeoutFailsATimedOutTaskAtOnce() {
		long id = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":3,"how":"hang"}],"maxAttempts":3,"taskTimeout":"PT1S",
				 "retryOn":["crash","error"],"backoff":{"initial":"PT0S"}}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		JsonNode result = this.api.results(id, "input").get(0);
		assertThat(result.get("attempt").asInt()).isEqualTo(1);
		assertThat(result.get("error").asString()).contains("timed out after PT1S");
	}

	// the timeout leaves a fresh worker time to start its pool, flush the task's output
	// to the job log and record the result of the attempt that succeeds: the parent
	// counts until the result is recorded (about 3 s on a busy 2-core machine)
	@Test
	void timedOutTaskIsRetriedByDefault() {
		long id = this.api.submit("""
				{"task":"flaky","inputs":[{"fail":1,"how":"hang"}],"maxAttempts":2,"taskTimeout":"PT5S",
				 "backoff":{"initial":"PT0.2S"}}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(30), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(this.api.results(id, "input").get(0).get("attempt").asInt()).isEqualTo(2);
	}

	@Test
	void jobShowsItsRetryPolicyWithDefaultsFilledIn() {
		long id = this.api.submit("""
				{"task":"echo","inputs":[1],"backoff":{"multiplier":3}}""");

		JsonNode job = this.api.job(id);

		assertThat(job.get("backoff").get("initial").asString()).isEqualTo("PT1S");
		assertThat(job.get("backoff").get("multiplier").asDouble()).isEqualTo(3.0);
		assertThat(job.get("backoff").get("max").asString()).isEqualTo("PT5M");
		assertThat(job.get("retryOn").values().stream().map(JsonNode::asString)).containsExactly("crash", "timeout",
				"error");
	}

	/**
	 * Watches the single task of the job from its first failure until its second claim;
	 * returns how long it was seen queued, unclaimed, with its not_before still in the
	 * future (by the database's clock). Without a backoff a re-queued task is claimed at
	 * once (its job's slot is woken), so a long value shows the claim skipped it.
	 */
	private Duration observedBackoff(long jobId) {
		long[] firstSeen = { 0 };
		long[] lastSeen = { 0 };
		await("the task of job " + jobId + " fails once and is claimed again").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				Map<String, Object> row = this.jdbc.queryForMap("""
						SELECT status, attempt, failures, not_before > UTC_TIMESTAMP(6) AS backing_off
						FROM tasks WHERE job_id = ?""", jobId);
				long now = System.nanoTime();
				int failures = ((Number) row.get("failures")).intValue();
				int attempt = ((Number) row.get("attempt")).intValue();
				boolean backingOff = row.get("backing_off") != null
						&& ((Number) row.get("backing_off")).intValue() == 1;
				if (failures == 1 && attempt == 1 && "QUEUED".equals(row.get("status"))) {
					if (firstSeen[0] == 0) {
						assertThat(backingOff).as("right after the failure, not_before is in the future").isTrue();
						firstSeen[0] = now;
					}
					if (backingOff) {
						lastSeen[0] = now;
					}
				}
				return attempt >= 2;
			});
		assertThat(firstSeen[0]).as("the task was seen queued after its first failure").isNotZero();
		return Duration.ofNanos(lastSeen[0] - firstSeen[0]);
	}

}
