package dev.workpool.scheduler;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.TaskRef;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the dispatcher reckons which task of a chunk runs and since when, from TaskDone and
 * TaskRunning frames: the task a timeout kill charges, and the clock the timeout counts.
 */
class ChunkProgressTest {

	private final Chunk chunk = new Chunk(7,
			IntStream.range(0, 4).mapToObj((i) -> new ClaimedTask(100 + i, 7, i, 1, 0, "0")).toList(), 0, 1);

	@Test
	void withoutTaskRunningTheFirstTaskNotReportedDoneRuns() {
		this.chunk.started(1_000);
		this.chunk.markDone(100);
		this.chunk.nextTaskStarted(2_000);

		assertThat(this.chunk.current().taskId()).isEqualTo(101);
		assertThat(this.chunk.taskStartedNanos()).isEqualTo(2_000);
		assertThat(this.chunk.undone()).extracting(TaskRef::taskId).containsExactly(101L, 102L, 103L);
		assertThat(this.chunk.undoneCount()).isEqualTo(3);
	}

	@Test
	void aTaskReportedDoneTwiceCountsOnce() {
		this.chunk.markDone(100);
		this.chunk.markDone(100);

		assertThat(this.chunk.undoneCount()).isEqualTo(3);
		assertThat(this.chunk.undone()).hasSize(3);
	}

	@Test
	void aTaskTheWorkerSaysRunsIsChargedAndTimedFromItsOwnStartWhileTheResultsBeforeItAreStillOnTheirWay() {
		this.chunk.started(1_000);
		// tasks 100 and 101 ended, their results wait for a commit; 102 runs since 5,000
		this.chunk.running(102, 5_000);

		assertThat(this.chunk.current().taskId()).isEqualTo(102);
		assertThat(this.chunk.undone()).extracting(TaskRef::taskId).containsExactly(102L, 100L, 101L, 103L);

		// the late TaskDone frames of 100 and 101 do not restart 102's clock
		this.chunk.markDone(100);
		this.chunk.nextTaskStarted(9_000);
		this.chunk.markDone(101);
		this.chunk.nextTaskStarted(9_500);
		assertThat(this.chunk.taskStartedNanos()).isEqualTo(5_000);
		assertThat(this.chunk.current().taskId()).isEqualTo(102);

		// once 102 is done, the next task's clock starts with its TaskDone
		this.chunk.markDone(102);
		this.chunk.nextTaskStarted(12_000);
		assertThat(this.chunk.current().taskId()).isEqualTo(103);
		assertThat(this.chunk.taskStartedNanos()).isEqualTo(12_000);
	}

	@Test
	void aTaskRunningFrameForATaskAlreadyDoneIsIgnored() {
		this.chunk.started(1_000);
		this.chunk.markDone(100);
		this.chunk.nextTaskStarted(2_000);

		this.chunk.running(100, 1_500);

		assertThat(this.chunk.current().taskId()).isEqualTo(101);
		assertThat(this.chunk.taskStartedNanos()).isEqualTo(2_000);
	}

	@Test
	void theChunkEndsWhenEveryTaskIsDoneWhateverTheOrderOfTheirFrames() {
		this.chunk.running(103, 0);
		List.of(103L, 100L, 102L).forEach(this.chunk::markDone);

		assertThat(this.chunk.markDone(101)).isTrue();
		assertThat(this.chunk.current()).isNull();
		assertThat(this.chunk.undone()).isEmpty();
	}

	@Test
	void tasksReportedOutOfOrderAreFoundBeforeAndAfterTheFirstTaskNotDone() {
		this.chunk.markDone(102);
		assertThat(this.chunk.current().taskId()).isEqualTo(100);

		this.chunk.markDone(100);
		assertThat(this.chunk.current().taskId()).isEqualTo(101);
		// a done task is still the chunk's, before and after the first one not done
		assertThat(this.chunk.find(100).index()).isZero();
		assertThat(this.chunk.find(102).index()).isEqualTo(2);
		assertThat(this.chunk.find(103).index()).isEqualTo(3);
		assertThat(this.chunk.undone()).extracting(TaskRef::taskId).containsExactly(101L, 103L);
	}

	@Test
	void aTaskOfAnotherChunkIsNotFound() {
		assertThat(this.chunk.find(99)).isNull();
		assertThat(this.chunk.find(104)).isNull();
		assertThat(this.chunk.markDone(104)).isFalse();
		assertThat(this.chunk.undoneCount()).isEqualTo(4);
	}

}
