package dev.workpool.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.workpool.jobs.JobService;
import dev.workpool.jobs.JobSubmission;
import dev.workpool.jobs.JobTables;
import dev.workpool.jobs.Submitted;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.PauseClaimingExtension;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotent submits (issue 5): the same Idempotency-Key with the same request returns
 * the job the first submit made; with a different request it is a 409 naming that job;
 * any number of concurrent submits with one key create one job.
 */
@IntegrationTest
@ExtendWith(PauseClaimingExtension.class)
class IdempotencyIT {

	private static final String JOBS = "/api/v1/jobs";

	private static final String KEY = "Idempotency-Key";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobService jobs;

	@Autowired
	ApiClient api;

	JobTables tables;

	@BeforeEach
	void setUp() {
		this.tables = new JobTables(this.jdbc);
	}

	@Test
	void sameIdempotencyKeyAndBodyReturnsTheSameJob() {
		String body = aJob().withInputs(List.of("a", "b")).withParallelism(2).build();

		Response first = this.api.postJson(JOBS, body, KEY, "batch-7");
		Response again = this.api.postJson(JOBS, body, KEY, "batch-7");

		assertThat(first.status()).as(first.body()).isEqualTo(202);
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		long id = first.json().path("id").asLong();
		assertThat(again.json().path("id").asLong()).isEqualTo(id);
		assertThat(again.location()).endsWith("/api/v1/jobs/" + id);
		assertThat(again.json().path("idempotencyKey").asString()).isEqualTo("batch-7");
		assertThat(this.tables.jobCount()).isEqualTo(1);
		assertThat(this.tables.taskCount()).isEqualTo(2);
	}

	@Test
	void sameRequestInAnotherKeyOrderWithDefaultsSpelledOutIsTheSameBody() {
		Response first = this.api.postJson(JOBS, """
				{"task": "echo-test", "inputs": ["a", {"x": 1, "y": [true, null]}], "params": {"p": 1, "q": "r"}}""",
				KEY, "same-job");
		Response again = this.api.postJson(JOBS, """
				{ "params":{"q":"r","p":1},"inputs":["a",{"y":[true,null],"x":1}],"task":"echo-test",
				  "parallelism": 1, "chunkSize": 1, "maxAttempts": 1, "priority": 0, "taskTimeout": "PT30S",
				  "retryOn": ["error", "timeout", "crash"],
				  "backoff": {"initial": "PT1S", "multiplier": 2.0, "max": "PT5M"} }""", KEY, "same-job");

		assertThat(first.status()).as(first.body()).isEqualTo(202);
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.json().path("id").asLong()).isEqualTo(first.json().path("id").asLong());
	}

	@Test
	void sameIdempotencyKeyWithADifferentBodyIs409() {
		Response first = this.api.postJson(JOBS, aJob().withInputs(List.of("a")).build(), KEY, "batch-8");
		long id = first.json().path("id").asLong();

		Response other = this.api.postJson(JOBS, aJob().withInputs(List.of("b")).build(), KEY, "batch-8");

		assertThat(other.status()).as(other.body()).isEqualTo(409);
		assertThat(other.isProblem()).isTrue();
		JsonNode problem = other.json();
		assertThat(problem.path("jobId").asLong()).isEqualTo(id);
		assertThat(problem.path("idempotencyKey").asString()).isEqualTo("batch-8");
		assertThat(problem.path("detail").asString()).contains("job " + id);
		assertThat(this.tables.jobCount()).isEqualTo(1);
	}

	@Test
	void threadsPerWorkerLeftOutIsTheSameRequestAsOneAndTwoIsADifferentOne() {
		Response omitted = this.api.postJson(JOBS, aJob().build(), KEY, "lanes");
		Response one = this.api.postJson(JOBS, aJob().withThreadsPerWorker(1).build(), KEY, "lanes");
		Response two = this.api.postJson(JOBS, aJob().withThreadsPerWorker(2).build(), KEY, "lanes");

		assertThat(omitted.status()).as(omitted.body()).isEqualTo(202);
		long id = omitted.json().path("id").asLong();
		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat(one.json().path("id").asLong()).isEqualTo(id);
		assertThat(two.status()).as(two.body()).isEqualTo(409);
		assertThat(two.json().path("jobId").asLong()).isEqualTo(id);
		assertThat(this.tables.jobCount()).isEqualTo(1);
	}

	@Test
	void concurrentSubmitsWithOneIdempotencyKeyCreateOneJob() throws Exception {
		String body = aJob().withInputCount(3000).build();
		int clients = 8;
		ExecutorService threads = Executors.newFixedThreadPool(clients);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Response>> futures = new ArrayList<>();
		try {
			for (int i = 0; i < clients; i++) {
				futures.add(threads.submit(() -> {
					start.await();
					return this.api.postJson(JOBS, body, KEY, "concurrent-key");
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			Set<Long> ids = new HashSet<>();
			for (Future<Response> future : futures) {
				Response response = future.get(60, TimeUnit.SECONDS);
				statuses.add(response.status());
				ids.add(response.json().path("id").asLong());
			}

			assertThat(statuses).as("one creates, the others get its job").containsOnly(202, 200);
			assertThat(statuses.stream().filter((s) -> s == 202)).hasSize(1);
			assertThat(ids).hasSize(1);
			assertThat(this.tables.jobCount()).isEqualTo(1);
			assertThat(this.tables.taskCount()).isEqualTo(3000);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void idempotencyKeyIsScopedToItsOwner() {
		JobSubmission alice = withOwner(aJob().toSubmission(), "alice");
		JobSubmission bob = withOwner(aJob().toSubmission(), "bob");

		Submitted first = this.jobs.submit(alice, "shared-key");
		Submitted forBob = this.jobs.submit(bob, "shared-key");
		Submitted aliceAgain = this.jobs.submit(alice, "shared-key");

		assertThat(first.created()).isTrue();
		assertThat(forBob.created()).isTrue();
		assertThat(forBob.job().id()).isNotEqualTo(first.job().id());
		assertThat(aliceAgain.created()).isFalse();
		assertThat(aliceAgain.job().id()).isEqualTo(first.job().id());
	}

	@Test
	void withoutAKeyOrWithAnotherKeyEverySubmitCreatesAJob() {
		String body = aJob().build();

		assertThat(this.api.postJson(JOBS, body).status()).isEqualTo(202);
		assertThat(this.api.postJson(JOBS, body).status()).isEqualTo(202);
		assertThat(this.api.postJson(JOBS, body, KEY, "k1").status()).isEqualTo(202);
		assertThat(this.api.postJson(JOBS, body, KEY, "k2").status()).isEqualTo(202);

		assertThat(this.tables.jobCount()).isEqualTo(4);
		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE idempotency_key IS NOT NULL").query(Long.class).single())
			.isEqualTo(2);
	}

	private static JobSubmission withOwner(JobSubmission s, String owner) {
		return new JobSubmission(s.name(), s.taskType(), Map.copyOf(s.params()), s.inputs(), s.parallelism(),
				s.chunkSize(), s.threadsPerWorker(), s.taskTimeout(), s.maxAttempts(), s.priority(), owner, null, null,
				null);
	}

}
