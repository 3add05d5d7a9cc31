package dev.workpool.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.PauseClaimingExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@link JobService} against the real database: paging, streaming, events. */
@IntegrationTest
@ExtendWith(PauseClaimingExtension.class)
class JobServiceIT {

	@Autowired
	JobService jobs;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobEventProbe probe;

	@Autowired
	JobLifecycle lifecycle;

	JobTables tables;

	@BeforeEach
	void setUp() {
		this.tables = new JobTables(this.jdbc);
		this.tables.clear();
		this.probe.events.clear();
	}

	@Test
	void lastPageHasNoCursorWhenTheJobCountIsAMultipleOfTheLimit() {
		submitJobs(4);
		JobPage first = this.jobs.list(Optional.empty(), 2, null);
		JobPage second = this.jobs.list(Optional.empty(), 2, first.nextCursor());
		assertThat(first.items()).hasSize(2);
		assertThat(second.items()).hasSize(2);
		assertThat(second.nextCursor()).isNull();
	}

	@Test
	void pagesNeitherRepeatNorSkipJobsWhenNewJobsArriveBetweenPages() {
		List<Long> old = submitJobs(4);
		JobPage first = this.jobs.list(Optional.empty(), 2, null);
		submitJobs(3);
		JobPage second = this.jobs.list(Optional.empty(), 2, first.nextCursor());
		List<Long> seen = new ArrayList<>(ids(first));
		seen.addAll(ids(second));
		assertThat(seen).containsExactly(old.get(3), old.get(2), old.get(1), old.get(0));
	}

	@Test
	void countsOfAFinishedJobAreReadOnceAndKeptWhileASmallRunningJobIsAlwaysCountedAfresh() {
		long finished = this.jobs.submit(aJob().withInputCount(3).toSubmission()).id();
		this.jdbc.sql("UPDATE tasks SET status = 'SUCCEEDED' WHERE job_id = ?").param(finished).update();
		this.tables.setJobStatus(finished, JobStatus.SUCCEEDED);
		assertThat(this.jobs.get(finished).counts().succeeded()).isEqualTo(3);
		// a finished job's tasks never change; if they did, the kept counts would show it
		this.jdbc.sql("UPDATE tasks SET status = 'FAILED' WHERE job_id = ?").param(finished).update();
		assertThat(this.jobs.get(finished).counts().succeeded()).as("served from the cache").isEqualTo(3);

		long running = this.jobs.submit(aJob().withInputCount(3).toSubmission()).id();
		assertThat(this.jobs.get(running).counts().queued()).isEqualTo(3);
		this.tables.markRunning(running, 0, 4711);
		assertThat(this.jobs.get(running).counts().running()).isEqualTo(1);
		this.tables.setJobStatus(running, JobStatus.SUCCEEDED);
		this.jdbc.sql("UPDATE tasks SET status = 'SUCCEEDED' WHERE job_id = ?").param(running).update();
		assertThat(this.jobs.get(running).counts().succeeded()).as("counted again once finished").isEqualTo(3);
	}

	@Test
	void aFinishedJobIsServedFromMemoryForASecondWhileARunningJobIsReadEveryTime() {
		long finished = this.jobs.submit(aJob().withName("before").withInputCount(1).toSubmission()).id();
		long running = this.jobs.submit(aJob().withName("before").withInputCount(1).toSubmission()).id();
		this.jdbc.sql("UPDATE tasks SET status = 'SUCCEEDED' WHERE job_id = ?").param(finished).update();
		this.tables.setJobStatus(finished, JobStatus.SUCCEEDED);
		assertThat(this.jobs.get(finished).name()).isEqualTo("before");
		assertThat(this.jobs.get(running).name()).isEqualTo("before");
		// a finished job never changes; if its row did, the cached job would show it
		this.jdbc.sql("UPDATE jobs SET name = 'after' WHERE id IN (?, ?)").param(finished).param(running).update();

		assertThat(this.jobs.get(finished).name()).as("served from memory").isEqualTo("before");
		assertThat(this.jobs.get(running).name()).as("read again").isEqualTo("after");
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.jobs.get(finished).name().equals("after"));
	}

	@Test
	void listCarriesTaskCountsForEveryJobOnThePage() {
		long small = this.jobs.submit(aJob().withInputCount(2).toSubmission()).id();
		long big = this.jobs.submit(aJob().withInputCount(5).toSubmission()).id();
		this.jobs.cancel(small);
		JobPage page = this.jobs.list(Optional.empty(), 10, null);
		assertThat(page.items()).extracting(Job::id).containsExactly(big, small);
		assertThat(page.items().get(0).counts()).isEqualTo(new TaskCounts(5, 0, 0, 0, 0));
		assertThat(page.items().get(1).counts()).isEqualTo(new TaskCounts(0, 0, 0, 0, 2));
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage!", "bm90LWEtY3Vyc29y", "ai0x", "ajA", "ajEyYWI" })
	void aCursorNotMadeByTheServiceIsRejectedNamingTheCursor(String cursor) {
		assertThatThrownBy(() -> this.jobs.list(Optional.empty(), 2, cursor)).isInstanceOf(InvalidJobException.class)
			.extracting((ex) -> ((InvalidJobException) ex).field())
			.isEqualTo("cursor");
	}

	@Test
	void cursorIsOpaqueButStable() {
		String cursor = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("j12".getBytes(StandardCharsets.US_ASCII));
		assertThat(JobCursor.after(12)).isEqualTo(cursor);
		assertThat(JobCursor.parse(cursor)).isEqualTo(12);
	}

	@Test
	void resultsOffsetPastTheEndIsAnEmptyLastPage() {
		long id = this.jobs.submit(aJob().withInputCount(3).toSubmission()).id();
		ResultPage page = this.jobs.results(id, ResultOrder.INPUT, 10, 5);
		assertThat(page.items()).isEmpty();
		assertThat(page.next()).isNull();
		assertThat(this.jobs.results(id, ResultOrder.INPUT, 0, 3).next()).isNull();
		assertThat(this.jobs.results(id, ResultOrder.INPUT, 0, 2).next()).isEqualTo(2L);
	}

	@Test
	void streamResultsDeliversFiveThousandTasksInInputOrderInBoundedBatches() {
		long id = this.jobs.submit(aJob().withInputCount(5000).toSubmission()).id();
		List<Integer> indexes = new ArrayList<>();
		this.jobs.streamResults(id, ResultOrder.INPUT, (result) -> indexes.add(result.index()));
		assertThat(indexes).containsExactlyElementsOf(IntStream.range(0, 5000).boxed().toList());
	}

	@Test
	void streamResultsInCompletionOrderBreaksFinishTimeTiesByTaskIdAcrossBatches() {
		long id = this.jobs.submit(aJob().withInputCount(2500).toSubmission()).id();
		// tasks finish in reverse input order, in groups of 700 sharing one finish time
		this.jdbc.sql("""
				UPDATE tasks SET status = 'SUCCEEDED', output = CAST(idx AS CHAR),
				  finished_at = TIMESTAMPADD(SECOND, FLOOR((2499 - idx) / 700), TIMESTAMP('2025-01-01 00:00:00'))
				WHERE job_id = :id AND idx >= 100
				""").param("id", id).update();
		List<Integer> indexes = new ArrayList<>();
		this.jobs.streamResults(id, ResultOrder.COMPLETION, (result) -> {
			assertThat(result.output()).isEqualTo(result.index());
			indexes.add(result.index());
		});
		List<Integer> expected = new ArrayList<>();
		for (int group = 0; group * 700 < 2400; group++) {
			int high = 2499 - group * 700;
			int low = Math.max(100, high - 699);
			IntStream.rangeClosed(low, high).forEach(expected::add);
		}
		assertThat(indexes).containsExactlyElementsOf(expected);
	}

	@Test
	void submitStoresNothingWhenTheTaskTypeRefusesAnInput() {
		List<Object> inputs = new ArrayList<>(List.of("a", "b", "c", "reject-me"));
		assertThatThrownBy(() -> this.jobs.submit(aJob().withInputs(inputs).toSubmission()))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.extracting((ex) -> ((InvalidTaskArgumentException) ex).field())
			.isEqualTo("inputs[3]");
		assertThat(this.tables.jobCount()).isZero();
		assertThat(this.tables.taskCount()).isZero();
		assertThat(this.probe.events).isEmpty();
	}

	@Test
	void submitStoresParamsAndInputsAsJsonAndPublishesJobSubmittedAfterCommit() {
		Job job = this.jobs.submit(aJob().withParams(Map.of("rounds", 3))
			.withInputs(List.of(Map.of("k", List.of(1, 2)), "two", 3.5))
			.toSubmission());
		assertThat(job.params()).isEqualTo(Map.of("rounds", 3));
		assertThat(this.jdbc.sql("SELECT input FROM tasks WHERE job_id = ? ORDER BY idx")
			.param(job.id())
			.query(String.class)
			.list()).containsExactly("{\"k\":[1,2]}", "\"two\"", "3.5");
		assertThat(this.probe.events).containsExactly(new JobSubmitted(job.id()));
		assertThat(this.probe.tasksVisibleAtEvent).isEqualTo(3);
	}

	@Test
	void cancelPublishesJobCancelRequestedOnlyForTheFirstRequest() {
		long id = this.jobs.submit(aJob().toSubmission()).id();
		this.probe.events.clear();
		Job first = this.jobs.cancel(id);
		Job second = this.jobs.cancel(id);
		assertThat(first.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(first.statusReason()).isEqualTo(JobService.CANCEL_REASON);
		assertThat(second).isEqualTo(first);
		assertThat(this.probe.events).containsExactly(new JobCancelRequested(id));
	}

	@Test
	void threadsPerWorkerIsStoredAndReachesTheDispatchersViewOfActiveJobs() {
		long eight = this.jobs.submit(aJob().withParallelism(16).withThreadsPerWorker(8).toSubmission()).id();
		long plain = this.jobs.submit(aJob().toSubmission()).id();

		assertThat(this.jobs.get(eight).threadsPerWorker()).isEqualTo(8);
		assertThat(this.jobs.get(plain).threadsPerWorker()).isEqualTo(1);
		assertThat(this.lifecycle.activeJobs()).extracting(ActiveJob::id, ActiveJob::threadsPerWorker)
			.containsExactly(tuple(eight, 8), tuple(plain, 1));
		assertThat(this.lifecycle.activeJobs().get(0).withStatus(JobStatus.RUNNING).threadsPerWorker()).isEqualTo(8);
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65 })
	void submitRefusesThreadsPerWorkerOutsideOneTo64NamingTheField(int threads) {
		assertThatThrownBy(() -> this.jobs.submit(aJob().withThreadsPerWorker(threads).toSubmission()))
			.isInstanceOfSatisfying(InvalidJobException.class, (ex) -> {
				assertThat(ex.field()).isEqualTo("threadsPerWorker");
				assertThat(ex.problem()).contains("between 1 and 64", String.valueOf(threads));
			});
		assertThat(this.tables.jobCount()).isZero();
	}

	@Test
	void cancelOfAnUnknownJobIsNotFound() {
		assertThatThrownBy(() -> this.jobs.cancel(Long.MAX_VALUE)).isInstanceOf(JobNotFoundException.class);
	}

	private List<Long> submitJobs(int count) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(this.jobs.submit(aJob().toSubmission()).id());
		}
		return ids;
	}

	private static List<Long> ids(JobPage page) {
		return page.items().stream().map(Job::id).toList();
	}

}
