package dev.workpool.worker.runtime;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.workpool.worker.protocol.Message.TaskItem;

import static org.assertj.core.api.Assertions.assertThat;

class ResultRecorderTest {

	@Test
	void aTaskThatStartsWhenTheOneBeforeItEndsIsNeverDatedBeforeThatEnd() throws InterruptedException {
		long start = System.nanoTime();
		TaskResult first = TaskResult.succeeded(new TaskItem(1, 0, 1, 0, "0", 0), "0", start, 250_000);
		TaskResult second = TaskResult.succeeded(new TaskItem(2, 1, 1, 0, "1", 0), "1", start + 250_000_000L, 250_000);
		String firstStarted = ResultRecorder.startedAt(first);
		// written later, as the result writer does; the dates must not move with the
		// moment
		// of writing
		Thread.sleep(20);
		String secondStarted = ResultRecorder.startedAt(second);

		LocalDateTime firstAt = LocalDateTime.parse(firstStarted.replace(' ', 'T'));
		LocalDateTime secondAt = LocalDateTime.parse(secondStarted.replace(' ', 'T'));
		assertThat(ChronoUnit.MICROS.between(firstAt, secondAt)).isEqualTo(250_000);
		assertThat(ResultRecorder.startedAt(first)).isEqualTo(firstStarted);
	}

}
