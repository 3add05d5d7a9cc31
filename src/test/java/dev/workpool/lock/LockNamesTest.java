package dev.workpool.lock;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockNamesTest {

	@Test
	void shortLowerCaseNamesAreOnlyPrefixed() {
		assertThat(LockService.databaseName("joblog:42")).isEqualTo("workpool:joblog:42");
	}

	@Test
	void everyNameFitsSixtyFourCharactersAndDistinctNamesStayDistinct() {
		Set<String> seen = new HashSet<>();
		String[] names = { "a".repeat(55), "a".repeat(56), "a".repeat(1000), "a".repeat(999) + "b", "Job", "job", "JOB",
				"ünïcödé", "with space", "x#y", "漢字".repeat(40) };
		for (String name : names) {
			String databaseName = LockService.databaseName(name);
			assertThat(databaseName).startsWith("workpool:").hasSizeLessThanOrEqualTo(64);
			assertThat(seen.add(databaseName.toLowerCase())).as(name).isTrue();
		}
	}

	@Test
	void hashedNamesKeepAReadablePrefix() {
		assertThat(LockService.databaseName("Reports/2026 " + "x".repeat(100))).startsWith("workpool:Reports_2026_x")
			.contains("#")
			.hasSize(64);
	}

	@Test
	void emptyNamesAreRefused() {
		assertThatThrownBy(() -> LockService.databaseName("")).isInstanceOf(LockUnavailableException.class);
	}

}
