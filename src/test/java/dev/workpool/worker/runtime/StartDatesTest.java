package dev.workpool.worker.runtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import dev.workpool.worker.protocol.Message.TaskItem;

import static org.assertj.core.api.Assertions.assertThat;

class StartDatesTest {

	/** An anchor far from now: a date that read the wall clock would show today. */
	private static final StartDates DATES = new StartDates(Instant.parse("2000-01-01T00:00:00Z"), 7_000_000_000L);

	@Test
	void aStartIsTheAnchorsWallTimePlusTheMonotonicTimeSinceItToTheMicrosecond() {
		assertThat(DATES.format(7_000_000_000L)).isEqualTo("2000-01-01 00:00:00.000000");
		assertThat(DATES.format(7_000_000_000L + 1_500_000_999L)).isEqualTo("2000-01-01 00:00:01.500000");
		assertThat(DATES.format(7_000_000_000L - 1_000L)).as("before the anchor")
			.isEqualTo("1999-12-31 23:59:59.999999");
	}

	@Test
	void aTaskThatStartsWhenTheOneBeforeItEndsIsNeverDatedBeforeThatEndAndADateNeverChanges() throws Exception {
		long firstStart = 7_000_000_000L + 59_999_750_000L; // 250 µs before a minute ends
		long firstEnd = firstStart + 250_000_000L;
		String first = DATES.format(firstStart);
		Thread.sleep(20); // written later, as the result writer does
		String second = DATES.format(firstEnd);

		assertThat(first).isEqualTo("2000-01-01 00:00:59.999750");
		assertThat(ChronoUnit.MICROS.between(parse(first), parse(second))).isEqualTo(250_000);
		assertThat(DATES.format(firstStart)).isEqualTo(first);
	}

	@Test
	void theWorkersDatesAreTodaysWallClock() {
		Instant before = Instant.now().minusSeconds(1);
		String now = StartDates.WORKER.format(System.nanoTime());
		assertThat(parse(now)).isAfter(LocalDateTime.ofInstant(before, ZoneOffset.UTC));
		assertThat(ResultRecorder.startedAt(TaskResult.succeeded(new TaskItem(1, 0, 1, 0, "0", 0), "0", 1_000L, 1)))
			.isEqualTo(StartDates.WORKER.format(1_000L));
	}

	private static LocalDateTime parse(String datetime) {
		return LocalDateTime.parse(datetime.replace(' ', 'T'));
	}

}
