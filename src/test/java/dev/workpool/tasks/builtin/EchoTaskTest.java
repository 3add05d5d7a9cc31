package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EchoTaskTest {

	private final EchoTask echo = new EchoTask();

	@Test
	void returnsTheInputUnchanged() {
		Object input = Map.of("a", List.of(1, "two", true));
		assertThat(this.echo.run(input, new TestContext(Map.of()))).isSameAs(input);
		assertThat(this.echo.run(null, new TestContext(Map.of()))).isNull();
	}

	@Test
	void withParamsLogItWritesTheInputToTheJobLogAsOneEntry() {
		TestContext context = new TestContext(Map.of("log", true));
		this.echo.run("line one\nline two", context);
		this.echo.run(Map.of("n", 1), context);
		assertThat(context.logged()).containsExactly("INFO line one\nline two", "INFO {\"n\":1}");
	}

}
