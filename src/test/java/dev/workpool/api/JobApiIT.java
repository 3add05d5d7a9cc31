package dev.workpool.api;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.JobTables;
import dev.workpool.jobs.TaskStatus;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.PauseClaimingExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The job endpoints over real HTTP and the real database. No scheduler runs here, so jobs
 * stay QUEUED unless a test moves them by SQL.
 */
@IntegrationTest
@ExtendWith(PauseClaimingExtension.class)
class JobApiIT {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiClient api;

	JobTables tables;

	@BeforeEach
	void setUp() {
		this.tables = new JobTables(this.jdbc);
		this.tables.clear();
	}

	@Test
	void submittedJobIsAcceptedWithItsLocationAndStaysQueuedWithOneQueuedTaskPerInput() {
		Response created = this.api.postJson("/api/v1/jobs",
				aJob().withName("greetings").withInputCount(4).withParallelism(2).withTaskTimeout("PT10S").build());
		assertThat(created.status()).isEqualTo(202);
		long id = created.json().path("id").asLong();
		assertThat(created.location()).endsWith("/api/v1/jobs/" + id);
		Response job = this.api.get("/api/v1/jobs/" + id);
		assertThat(job.status()).isEqualTo(200);
		JsonNode json = job.json();
		assertThat(json.path("status").asString()).isEqualTo("QUEUED");
		assertThat(json.path("total").asInt()).isEqualTo(4);
		assertThat(json.path("counts").path("queued").asInt()).isEqualTo(4);
		assertThat(json.path("parallelism").asInt()).isEqualTo(2);
		assertThat(json.path("taskTimeout").asString()).isEqualTo("PT10S");
	}

	@Test
	void jobJsonHasTheDocumentedShapeWithDefaultsAndIsoInstants() {
		long id = submit(aJob().build());
		JsonNode json = this.api.get("/api/v1/jobs/" + id).json();
		assertThat(json.propertyNames()).containsExactly("id", "name", "task", "status", "statusReason", "owner",
				"params", "parallelism", "chunkSize", "threadsPerWorker", "taskTimeout", "maxAttempts", "backoff",
				"retryOn", "priority", "deadline", "deadlineAt", "idempotencyKey", "total", "counts", "createdAt",
				"startedAt", "finishedAt");
		assertThat(json.path("task").asString()).isEqualTo("echo-test");
		assertThat(json.path("owner").asString()).isEqualTo("anonymous");
		assertThat(json.path("params").isObject()).isTrue();
		assertThat(json.path("chunkSize").asInt()).isEqualTo(1);
		assertThat(json.path("threadsPerWorker").asInt()).isEqualTo(1);
		assertThat(json.path("maxAttempts").asInt()).isEqualTo(1);
		assertThat(json.path("taskTimeout").asString()).isEqualTo("PT30S");
		assertThat(json.path("counts").propertyNames()).containsExactly("queued", "running", "succeeded", "failed",
				"cancelled");
		assertThat(Instant.parse(json.path("createdAt").asString())).isBefore(Instant.now().plusSeconds(5));
		assertThat(json.path("startedAt").isNull()).isTrue();
		assertThat(json.path("backoff").propertyNames()).containsExactly("initial", "multiplier", "max");
		assertThat(json.path("backoff").path("initial").asString()).isEqualTo("PT1S");
		assertThat(json.path("backoff").path("multiplier").asDouble()).isEqualTo(2.0);
		assertThat(json.path("backoff").path("max").asString()).isEqualTo("PT5M");
		assertThat(json.path("retryOn").values().stream().map(JsonNode::asString)).containsExactly("crash", "timeout",
				"error");
		assertThat(json.path("deadline").isNull()).isTrue();
		assertThat(json.path("deadlineAt").isNull()).isTrue();
		assertThat(json.path("idempotencyKey").isNull()).isTrue();
	}

	@Test
	void threadsPerWorkerIsStoredAndShownByTheJobAndTheListAndIsOneWhenLeftOut() {
		Response created = this.api.postJson("/api/v1/jobs",
				aJob().withParallelism(32).withThreadsPerWorker(4).build());
		assertThat(created.status()).as(created.body()).isEqualTo(202);
		assertThat(created.json().path("threadsPerWorker").asInt()).isEqualTo(4);
		long four = created.json().path("id").asLong();
		long omitted = submit(aJob().withParallelism(32).build());

		assertThat(this.api.get("/api/v1/jobs/" + four).json().path("threadsPerWorker").asInt()).isEqualTo(4);
		assertThat(this.api.get("/api/v1/jobs/" + omitted).json().path("threadsPerWorker").asInt()).isEqualTo(1);
		Map<Long, Integer> listed = new HashMap<>();
		this.api.get("/api/v1/jobs")
			.json()
			.path("items")
			.values()
			.forEach((job) -> listed.put(job.path("id").asLong(), job.path("threadsPerWorker").asInt()));
		assertThat(listed).containsOnly(entry(four, 4), entry(omitted, 1));
	}

	@Test
	void aJobWithoutChunkSizeGetsTheChunkSizePoolMapWouldPickAndOneThatNamesItKeepsIt() {
		long hundredByTwo = submit(aJob().withInputCount(100).withParallelism(2).build());
		long threeByOne = submit(aJob().withInputCount(3).withParallelism(1).build());
		long named = submit(aJob().withInputCount(100).withParallelism(2).withChunkSize(1).build());

		// ceil(100 / (4 × 2)) = 13, as Python's Pool.map divides the work; never below 1
		assertThat(this.api.get("/api/v1/jobs/" + hundredByTwo).json().path("chunkSize").asInt()).isEqualTo(13);
		assertThat(this.api.get("/api/v1/jobs/" + threeByOne).json().path("chunkSize").asInt()).isEqualTo(1);
		assertThat(this.api.get("/api/v1/jobs/" + named).json().path("chunkSize").asInt()).isEqualTo(1);
	}

	@Test
	void threadsPerWorkerAboveParallelismIsAcceptedAndKeptAsSubmitted() {
		long id = submit(aJob().withParallelism(2).withThreadsPerWorker(8).build());

		JsonNode json = this.api.get("/api/v1/jobs/" + id).json();
		assertThat(json.path("parallelism").asInt()).isEqualTo(2);
		assertThat(json.path("threadsPerWorker").asInt()).isEqualTo(8);
	}

	@Test
	void jobsAreListedNewestFirstAcrossThreePagesFollowingTheCursor() {
		List<Long> submitted = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			submitted.add(submit(aJob().withName("job-" + i).build()));
		}
		List<Long> listed = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			JsonNode page = this.api.get("/api/v1/jobs?limit=2" + ((cursor != null) ? "&cursor=" + cursor : "")).json();
			page.path("items").values().forEach((job) -> listed.add(job.path("id").asLong()));
			cursor = page.path("next").isNull() ? null : page.path("next").asString();
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		Collections.reverse(submitted);
		assertThat(listed).containsExactlyElementsOf(submitted);
	}

	@Test
	void listCanBeFilteredByStatus() {
		long queued = submit(aJob().build());
		long cancelled = submit(aJob().build());
		this.api.post("/api/v1/jobs/" + cancelled + "/cancel", null, BodyPublishers.noBody());
		assertThat(ids(this.api.get("/api/v1/jobs?status=CANCELLED").json())).containsExactly(cancelled);
		assertThat(ids(this.api.get("/api/v1/jobs?status=queued").json())).containsExactly(queued);
		assertThat(ids(this.api.get("/api/v1/jobs?status=RUNNING").json())).isEmpty();
	}

	@Test
	void resultsComeInInputOrderPageByPageAndTheLastPageHasNoNext() {
		long id = submit(aJob().withInputCount(5).build());
		List<Integer> indexes = new ArrayList<>();
		List<Long> offsets = new ArrayList<>();
		Long offset = 0L;
		while (offset != null) {
			offsets.add(offset);
			JsonNode page = this.api.get("/api/v1/jobs/" + id + "/results?order=input&limit=2&offset=" + offset).json();
			for (JsonNode item : page.path("items").values()) {
				indexes.add(item.path("index").asInt());
				assertThat(item.propertyNames()).containsExactly("index", "status", "output", "error", "attempt",
						"workerPid", "durationMs");
				assertThat(item.path("status").asString()).isEqualTo("QUEUED");
				assertThat(item.path("output").isNull()).isTrue();
				assertThat(item.path("durationMs").isNull()).isTrue();
			}
			offset = page.path("next").isNull() ? null : page.path("next").asLong();
		}
		assertThat(offsets).containsExactly(0L, 2L, 4L);
		assertThat(indexes).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void completionOrderListsOnlyFinishedTasksInTheOrderTheyFinished() {
		long id = submit(aJob().withInputCount(5).build());
		this.tables.finish(id, 3, TaskStatus.SUCCEEDED, "{\"echo\":3}", null, 4711, 2500, 10);
		this.tables.finish(id, 1, TaskStatus.FAILED, null, "boom", 4712, 999, 20);
		JsonNode page = this.api.get("/api/v1/jobs/" + id + "/results?order=completion").json();
		List<JsonNode> items = List.copyOf(page.path("items").values());
		assertThat(items).hasSize(2);
		assertThat(items.get(0).path("index").asInt()).isEqualTo(3);
		assertThat(items.get(0).path("output").path("echo").asInt()).isEqualTo(3);
		assertThat(items.get(0).path("durationMs").asLong()).isEqualTo(2);
		assertThat(items.get(0).path("workerPid").asLong()).isEqualTo(4711);
		assertThat(items.get(0).path("attempt").asInt()).isEqualTo(1);
		assertThat(items.get(1).path("index").asInt()).isEqualTo(1);
		assertThat(items.get(1).path("status").asString()).isEqualTo("FAILED");
		assertThat(items.get(1).path("error").asString()).isEqualTo("boom");
		assertThat(items.get(1).path("durationMs").asLong()).isZero();
		assertThat(page.path("next").isNull()).isTrue();
	}

	@Test
	void ndjsonStreamReturnsOneJsonLinePerTaskInInputOrder() {
		long id = submit(aJob().withInputCount(7).build());
		Response stream = this.api.get("/api/v1/jobs/" + id + "/results", "application/x-ndjson");
		assertThat(stream.status()).isEqualTo(200);
		assertThat(stream.contentType()).startsWith("application/x-ndjson");
		String[] lines = stream.body().split("\n");
		assertThat(lines).hasSize(7);
		assertThat(lines[6]).startsWith("{\"index\":6,\"status\":\"QUEUED\"");
	}

	@Test
	void ndjsonStreamOfAnUnknownJobIsAProblemNotAnEmptyStream() {
		Response stream = this.api.get("/api/v1/jobs/999999999/results", "application/x-ndjson");
		assertThat(stream.status()).isEqualTo(404);
		assertThat(stream.isProblem()).isTrue();
	}

	@Test
	void cancellingAQueuedJobCancelsAllItsTasksAndFinishesItAtOnce() {
		long id = submit(aJob().withInputCount(3).build());
		Response cancelled = cancel(id);
		assertThat(cancelled.status()).isEqualTo(202);
		JsonNode json = cancelled.json();
		assertThat(json.path("status").asString()).isEqualTo("CANCELLED");
		assertThat(json.path("finishedAt").isNull()).isFalse();
		assertThat(json.path("counts").path("cancelled").asInt()).isEqualTo(3);
		assertThat(json.path("counts").path("queued").asInt()).isZero();
		JsonNode results = this.api.get("/api/v1/jobs/" + id + "/results").json();
		results.path("items").values().forEach((item) -> {
			assertThat(item.path("status").asString()).isEqualTo("CANCELLED");
			assertThat(item.path("error").asString()).isEqualTo("cancelled");
		});
	}

	@Test
	void cancellingAJobWithARunningTaskLeavesItCancellingUntilThatTaskStops() {
		long id = submit(aJob().withInputCount(3).build());
		this.tables.setJobStatus(id, JobStatus.RUNNING);
		this.tables.markRunning(id, 0, 4711);
		JsonNode json = cancel(id).json();
		assertThat(json.path("status").asString()).isEqualTo("CANCELLING");
		assertThat(json.path("finishedAt").isNull()).isTrue();
		assertThat(json.path("counts").path("running").asInt()).isEqualTo(1);
		assertThat(json.path("counts").path("cancelled").asInt()).isEqualTo(2);
	}

	@Test
	void cancellingTwiceIsIdempotent() {
		long id = submit(aJob().build());
		JsonNode first = cancel(id).json();
		Response second = cancel(id);
		assertThat(second.status()).isEqualTo(202);
		assertThat(second.json()).isEqualTo(first);
	}

	@Test
	void cancellingAFinishedJobIsAConflict() {
		long id = submit(aJob().build());
		this.tables.setJobStatus(id, JobStatus.SUCCEEDED);
		Response refused = cancel(id);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.isProblem()).isTrue();
		assertThat(refused.json().path("detail").asString()).contains("SUCCEEDED", "CANCELLING");
		assertThat(this.api.get("/api/v1/jobs/" + id).json().path("status").asString()).isEqualTo("SUCCEEDED");
	}

	@Test
	void openApiDocumentDescribesTheJobEndpointsWithExamples() {
		Response docs = this.api.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.json().path("paths");
		assertThat(Set.copyOf(paths.propertyNames())).contains("/api/v1/jobs", "/api/v1/jobs/{id}",
				"/api/v1/jobs/{id}/results", "/api/v1/jobs/{id}/cancel");
		assertThat(docs.body()).contains("\"parallelism\":2", "Workpool API", "application/x-ndjson");
		JsonNode request = docs.json().path("components").path("schemas").path("SubmitJobRequest");
		assertThat(request.path("properties").path("inputs").path("type").asString()).as(request.toString())
			.isEqualTo("array");
		assertThat(request.path("required").valueStream().map(JsonNode::asString)).contains("task", "inputs");
		JsonNode threads = request.path("properties").path("threadsPerWorker");
		assertThat(threads.path("type").asString()).as(threads.toString()).isEqualTo("integer");
		assertThat(threads.path("minimum").asInt()).isEqualTo(1);
		assertThat(threads.path("maximum").asInt()).isEqualTo(64);
		assertThat(threads.path("description").asString()).contains("ceil(parallelism / threadsPerWorker)", "default 1",
				"May exceed parallelism");
		assertThat(request.path("required").valueStream().map(JsonNode::asString)).doesNotContain("threadsPerWorker");
	}

	private long submit(String body) {
		Response response = this.api.postJson("/api/v1/jobs", body);
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response.json().path("id").asLong();
	}

	private Response cancel(long id) {
		return this.api.post("/api/v1/jobs/" + id + "/cancel", null, BodyPublishers.noBody());
	}

	private static List<Long> ids(JsonNode page) {
		return page.path("items").values().stream().map((job) -> job.path("id").asLong()).toList();
	}

}
