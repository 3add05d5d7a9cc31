package dev.workpool.joblog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.workpool.lock.LockHandle;
import dev.workpool.lock.LockService;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.workpool.testsupport.PauseClaimingExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/jobs/{id}/log} and {@code GET /api/v1/locks} over real HTTP. */
@IntegrationTest
@ExtendWith(PauseClaimingExtension.class)
class JobLogApiIT {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private JobLogWriter writer;

	@Autowired
	private org.springframework.jdbc.core.JdbcTemplate jdbc;

	@Autowired
	private JobLogReader reader;

	@Autowired
	private LockService locks;

	@Autowired
	private ApiClient api;

	@Test
	void theLogReadsWholeByTailAndIncrementally() throws Exception {
		long id = finishedJob();
		assertThat(get(id, "", "text/plain").body()).isEmpty();
		for (int i = 1; i <= 5; i++) {
			this.writer.append(id, LogEntry.ofTask(i, 1, "INFO", "line " + i + "\nwith a second line"));
		}
		HttpResponse<String> whole = get(id, "", "text/plain");
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.headers().firstValue("Content-Type"))
			.hasValueSatisfying((t) -> assertThat(t).startsWith("text/plain"));
		assertThat(whole.body().lines().map(LogLine::parse).map(LogLine::message)).containsExactly(
				"line 1\nwith a second line", "line 2\nwith a second line", "line 3\nwith a second line",
				"line 4\nwith a second line", "line 5\nwith a second line");
		long end = Long.parseLong(whole.headers().firstValue("X-Next-Offset").orElseThrow());
		assertThat(end).isEqualTo(whole.body().getBytes(StandardCharsets.UTF_8).length);

		assertThat(get(id, "?tail=2", "text/plain").body().lines().map(LogLine::parse).map(LogLine::seq))
			.containsExactly(4L, 5L);

		this.writer.append(id, LogEntry.info("sixth"));
		HttpResponse<String> more = get(id, "?since=" + end, "text/plain");
		assertThat(more.body().lines().map(LogLine::parse).map(LogLine::message)).containsExactly("sixth");
		long next = Long.parseLong(more.headers().firstValue("X-Next-Offset").orElseThrow());
		HttpResponse<String> nothing = get(id, "?since=" + next, "text/plain");
		assertThat(nothing.body()).isEmpty();
		assertThat(nothing.headers().firstValue("X-Next-Offset")).hasValue(Long.toString(next));
	}

	@Test
	void badParametersAndUnknownJobsAreProblems() throws Exception {
		long id = finishedJob();
		HttpResponse<String> unknown = get(id + 1_000_000, "", "text/plain");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(get(id, "?tail=0", "text/plain").statusCode()).isEqualTo(400);
		assertThat(get(id, "?since=-1", "text/plain").statusCode()).isEqualTo(400);
		assertThat(get(id, "?tail=1&since=0", "text/plain").statusCode()).isEqualTo(400);
		assertThat(get(id + 1_000_000, "", "text/event-stream").statusCode()).isEqualTo(404);
	}

	@Test
	void followingAFinishedJobStreamsEveryLineAsAnEventAndEnds() throws Exception {
		long id = finishedJob();
		this.writer.appendAll(id, List.of(LogEntry.info("one"), LogEntry.info("two\nlines"), LogEntry.info("three")));
		HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/jobs/" + id + "/log"))
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(20))
			.build();
		HttpResponse<java.io.InputStream> response = this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> data = new ArrayList<>();
		List<Long> ids = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("data:")) {
					data.add(line.substring(5));
				}
				else if (line.startsWith("id:")) {
					ids.add(Long.parseLong(line.substring(3).trim()));
				}
			}
		}
		assertThat(data.stream().map(LogLine::parse).map(LogLine::message)).containsExactly("one", "two\nlines",
				"three");
		assertThat(ids).isSorted().hasSize(3);
		assertThat(ids.get(2)).isEqualTo(this.reader.end(id));
	}

	@Test
	void heldLocksAreListedWithTheirHolder() throws Exception {
		try (LockHandle handle = this.locks.forJob(77).acquire("api-it:listed", Duration.ZERO)) {
			JsonNode listed = this.api.get("/api/v1/locks").json();
			assertThat(listed.isArray()).isTrue();
			JsonNode lock = null;
			for (JsonNode node : listed) {
				if (node.get("name").asString().equals(this.locks.databaseName("api-it:listed"))) {
					lock = node;
				}
			}
			assertThat(lock).isNotNull();
			assertThat(lock.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
			assertThat(lock.get("jobId").asLong()).isEqualTo(77);
			assertThat(lock.get("connectionId").asLong()).isEqualTo(handle.connectionId());
			assertThat(lock.get("node").asString()).isNotBlank();
			assertThat(lock.get("since").isNull()).isFalse();
		}
		assertThat(this.api.get("/api/v1/locks").body()).doesNotContain(this.locks.databaseName("api-it:listed"));
	}

	@Test
	void theJobLogsOwnLockIsListedOnlyAsTheServerSeesItWithoutAHolder() throws Exception {
		long id = finishedJob();
		String lockName = this.locks.databaseName(JobLogWriter.lockName(id));
		List<JsonNode> seen = new ArrayList<>();
		JobLogWriter probed = new JobLogWriter(this.locks, this.reader.file(id).getParent(), new ProbeClock(() -> {
			for (JsonNode lock : this.api.get("/api/v1/locks").json()) {
				if (lock.get("name").asString().equals(lockName)) {
					seen.add(lock);
				}
			}
		}));
		probed.append(id, LogEntry.info("probed"));
		if ("none".equals(this.locks.heldLocksSource())) {
			assertThat(seen).isEmpty();
		}
		else {
			assertThat(seen).singleElement().satisfies((lock) -> assertThat(lock.hasNonNull("pid")).isFalse());
		}
		assertThat(get(id, "", "text/plain").body().lines().map(LogLine::parse).map(LogLine::message))
			.containsExactly("probed");
	}

	/**
	 * A job finished by SQL while claiming is paused, so no scheduler event lands in its
	 * log.
	 */
	private long finishedJob() throws java.io.IOException {
		long id = this.api.submit("{\"task\":\"echo\",\"inputs\":[\"a\"],\"parallelism\":1}");
		this.jdbc.update("UPDATE tasks SET status = 'SUCCEEDED', finished_at = UTC_TIMESTAMP(6) WHERE job_id = ?", id);
		this.jdbc.update("UPDATE jobs SET status = 'SUCCEEDED', started_at = UTC_TIMESTAMP(6), "
				+ "finished_at = UTC_TIMESTAMP(6), version = version + 1 WHERE id = ?", id);
		// a log left by an earlier run whose database was wiped (job ids start again)
		java.nio.file.Files.deleteIfExists(this.reader.file(id));
		return id;
	}

	private HttpResponse<String> get(long id, String query, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v1/jobs/" + id + "/log" + query))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(20))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private String base() {
		return "http://127.0.0.1:" + this.port;
	}

}
