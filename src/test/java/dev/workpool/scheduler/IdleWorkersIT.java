package dev.workpool.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers that fell idle together are stopped one after the other, not all at once
 * ({@code workpool.workers.idle-timeout} is 20 s in the "it" profile).
 */
@IntegrationTest
class IdleWorkersIT {

	@Autowired
	ApiClient api;

	@Test
	void workersIdleSinceTheSameMomentAreStoppedAtLeastTheHousekeepingSpacingApart() throws Exception {
		long id = this.api.submit("""
				{"task":"sleep","inputs":[300,300,300,300],"parallelism":4,"chunkSize":1}""");
		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");
		Set<Long> pids = this.api.results(id, "input")
			.stream()
			.map((r) -> r.get("workerPid").asLong())
			.collect(Collectors.toSet());
		assertThat(pids).as("one worker per task at once").hasSizeGreaterThanOrEqualTo(3);

		// when each of them is first seen STOPPING (or gone)
		Map<Long, Long> stoppingAt = new HashMap<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (stoppingAt.size() < pids.size() && System.nanoTime() < deadline) {
			long now = System.nanoTime();
			Map<Long, String> states = new HashMap<>();
			for (JsonNode worker : this.api.workers()) {
				states.put(worker.get("pid").asLong(), worker.get("state").asString());
			}
			for (long pid : pids) {
				String state = states.get(pid);
				if (!stoppingAt.containsKey(pid) && (state == null || state.equals("STOPPING"))) {
					stoppingAt.put(pid, now);
				}
			}
			Thread.sleep(10);
		}
		assertThat(stoppingAt).as("every worker of the job stopped within a minute").hasSameSizeAs(pids);
		List<Long> times = new ArrayList<>(stoppingAt.values());
		times.sort(null);
		for (int i = 1; i < times.size(); i++) {
			assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)))
				.as("ms between two workers' stops (spacing %d ms)",
						TimeUnit.NANOSECONDS.toMillis(WorkerWatch.HOUSEKEEPING_SPACING_NANOS))
				.isGreaterThanOrEqualTo(TimeUnit.NANOSECONDS.toMillis(WorkerWatch.HOUSEKEEPING_SPACING_NANOS) - 50);
		}
	}

}
