package dev.workpool.scheduler;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker lane gets its next chunk while it still runs the current one (claimed under
 * the lane's claim id), so it never waits for a claim between chunks — without ever
 * running more than {@code parallelism} chunks of the job at once.
 */
@IntegrationTest
class ChunkPrefetchIT {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApiClient api;

	@Test
	void eachLaneRunsItsChunksUnderOneClaimAndTheJobNeverRunsMoreThanItsParallelism() throws Exception {
		// 12 chunks of 4 × 120 ms over 2 lanes: without the next chunk queued in
		// the lane, each chunk is a claim of its own. A lane keeps its claim while
		// its next chunk is claimed before the one running ends: 480 ms leave the
		// dispatcher room on a busy machine (200 ms chunks once gave 5 claims)
		String inputs = IntStream.range(0, 48).mapToObj((i) -> "120").collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sleep","inputs":[%s],"parallelism":2,"chunkSize":4}""".formatted(inputs));
		AtomicBoolean done = new AtomicBoolean();
		AtomicInteger most = new AtomicInteger();
		Thread sampler = new Thread(() -> sampleRunningClaims(id, done, most));
		sampler.start();

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		done.set(true);
		sampler.join();

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		List<Long> claims = this.jdbc.queryForList("SELECT DISTINCT claim_id FROM tasks WHERE job_id = ?", Long.class,
				id);
		assertThat(claims).as("claims of 12 chunks on 2 lanes").hasSizeLessThanOrEqualTo(4);
		assertThat(most.get()).as("claims running at once, sampled").isBetween(1, 2);
	}

	@Test
	void aChunkWaitingInTheLaneOfAWorkerThatIsKilledGoesBackToTheQueueUncharged() {
		// chunk [100 ms, 10 s] runs; after its first task the next chunk [100, 100] waits
		// in the lane; the 10 s task overruns its 4 s timeout and the worker is killed
		// (the timeout leaves the chunk run again on a cold worker time to spare on a
		// busy machine)
		long id = this.api.submit("""
				{"task":"sleep","inputs":[100,10000,100,100],"parallelism":1,"chunkSize":2,"taskTimeout":"PT4S",
				 "maxAttempts":1}""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results).extracting((r) -> r.get("status").asString())
			.containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED", "SUCCEEDED");
		// claimed twice (queued in the killed worker's lane, then again), charged nothing
		assertThat(this.jdbc.queryForList(
				"SELECT CONCAT(attempt, '/', failures) FROM tasks WHERE job_id = ? AND idx >= 2 ORDER BY idx",
				String.class, id))
			.containsExactly("2/0", "2/0");
	}

	private void sampleRunningClaims(long jobId, AtomicBoolean done, AtomicInteger most) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT COUNT(DISTINCT claim_id) FROM tasks WHERE job_id = ? AND status = 'RUNNING'")) {
			statement.setLong(1, jobId);
			while (!done.get()) {
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					most.accumulateAndGet(rows.getInt(1), Math::max);
				}
				Thread.sleep(5);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
