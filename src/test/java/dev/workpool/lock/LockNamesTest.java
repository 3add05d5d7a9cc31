package dev.workpool.lock;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LockNamesTest {

	@Test
	void shortLowerCaseNamesAreOnlyPrefixedWithTheirInstallationsSchema() {
		assertThat(LockNames.toDatabaseName(LockNames.prefix("test"), "joblog:42"))
			.isEqualTo("workpool@test:joblog:42");
		assertThat(LockNames.toDatabaseName(LockNames.prefix(null), "joblog:42")).isEqualTo("workpool:joblog:42");
	}

	@Test
	void schemasThatAreLongOrNotPlainAppearHashedAndStayApart() {
		assertThat(LockNames.prefix("a_schema_of_16ch")).isEqualTo("workpool@a_schema_of_16ch:");
		String[] schemas = { "a_schema_of_17chr", "Test", "test", "TEST", "prod-eu", "x".repeat(64), "" };
		Set<String> seen = new HashSet<>();
		for (String schema : schemas) {
			String prefix = LockNames.prefix(schema);
			assertThat(prefix).startsWith("workpool").hasSizeLessThanOrEqualTo(26);
			assertThat(seen.add(prefix.toLowerCase())).as(schema).isTrue();
		}
		assertThat(LockNames.prefix("Test")).matches("workpool@~[0-9a-f]{8}:");
	}

	@Test
	void everyNameFitsSixtyFourCharactersAndDistinctNamesStayDistinct() {
		String[] names = { "a".repeat(55), "a".repeat(56), "a".repeat(1000), "a".repeat(999) + "b", "Job", "job", "JOB",
				"ünïcödé", "with space", "x#y", "漢字".repeat(40) };
		for (String schema : new String[] { null, "test", "a_schema_of_16ch", "Some-Long-Schema-Name" }) {
			Set<String> seen = new HashSet<>();
			String prefix = LockNames.prefix(schema);
			for (String name : names) {
				String databaseName = LockNames.toDatabaseName(prefix, name);
				assertThat(databaseName).startsWith(prefix).hasSizeLessThanOrEqualTo(64);
				assertThat(seen.add(databaseName.toLowerCase())).as(schema + " " + name).isTrue();
			}
		}
	}

	@Test
	void hashedNamesKeepAReadablePrefix() {
		assertThat(LockNames.toDatabaseName(LockNames.prefix(null), "Reports/2026 " + "x".repeat(100)))
			.startsWith("workpool:Reports_2026_x")
			.contains("#")
			.hasSize(64);
		assertThat(LockNames.toDatabaseName(LockNames.prefix("test"), "Reports/2026 " + "x".repeat(100)))
			.startsWith("workpool@test:Reports_2026_x")
			.hasSize(64);
	}

	@Test
	void emptyNamesAreRefused() {
		assertThatThrownBy(() -> LockNames.toDatabaseName(LockNames.prefix("test"), ""))
			.isInstanceOf(LockUnavailableException.class);
	}

}
