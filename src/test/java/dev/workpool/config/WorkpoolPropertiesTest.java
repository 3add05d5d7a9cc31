package dev.workpool.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented defaults are the real defaults, and relaxed names bind.
 */
class WorkpoolPropertiesTest {

	@Test
	void defaultsAreTheDocumentedOnes() {
		WorkpoolProperties properties = bind(Map.of());

		assertThat(properties.api().maxRequestSize()).isEqualTo(DataSize.ofMegabytes(128));
		assertThat(properties.workers().cancelGrace()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.workers().maxProcesses()).isZero();
		assertThat(properties.workers().effectiveMaxProcesses())
			.isEqualTo(2 * Runtime.getRuntime().availableProcessors());
		assertThat(properties.workers().maxTasksPerWorker()).isZero();
		assertThat(properties.jobs().defaultTaskTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.embeddedDb().dataDir().normalize()).isEqualTo(Path.of("data", "db"));
		assertThat(properties.logDir().normalize()).isEqualTo(Path.of("data", "logs"));
		assertThat(properties.logRetention()).isEqualTo(Duration.ofDays(7));
		assertThat(properties.scheduler().enabled()).isTrue();
	}

	@Test
	void settingsBindFromTheirKebabCaseNames() {
		WorkpoolProperties properties = bind(Map.of("workpool.workers.max-processes", "3",
				"workpool.workers.cancel-grace", "2s", "workpool.api.max-request-size", "1MB"));

		assertThat(properties.workers().effectiveMaxProcesses()).isEqualTo(3);
		assertThat(properties.workers().cancelGrace()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.api().maxRequestSize()).isEqualTo(DataSize.ofMegabytes(1));
	}

	private static WorkpoolProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("workpool",
				WorkpoolProperties.class);
	}

}
