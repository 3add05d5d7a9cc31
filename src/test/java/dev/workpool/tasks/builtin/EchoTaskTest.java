package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EchoTaskTest {

	private final EchoTask echo = new EchoTask();

	@Test
	void returnsTheInputUnchanged() {
		Object input = Map.of("a", List.of(1, "two", true));
		assertThat(this.echo.run(input, new TestContext(Map.of()))).isSameAs(input);
		assertThat(this.echo.run(null, new TestContext(Map.of()))).isNull();
	}

	@Test
	void rejectsAnyParam() {
		assertThatThrownBy(() -> this.echo.validateParams(Map.of("x", 1)))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("params.x")
			.extracting("field")
			.isEqualTo("params.x");
	}

}
