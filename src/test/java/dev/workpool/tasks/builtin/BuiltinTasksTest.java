package dev.workpool.tasks.builtin;

import org.junit.jupiter.api.Test;

import dev.workpool.tasks.spi.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinTasksTest {

	@Test
	void builtinTypesAreRegisteredThroughTheSpi() {
		TaskRegistry registry = TaskRegistry.load(getClass().getClassLoader());
		assertThat(registry.names()).contains("echo", "hash", "sleep");
		assertThat(registry.get("echo")).isInstanceOf(EchoTask.class);
		assertThat(registry.get("sleep").description()).isNotBlank();
	}

}
