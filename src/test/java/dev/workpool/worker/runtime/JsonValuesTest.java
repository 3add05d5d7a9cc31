package dev.workpool.worker.runtime;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonValuesTest {

	@Test
	void parsesToPlainJavaValues() {
		assertThat(JsonValues.parse("{\"a\":[1,2.5,\"x\",true,null]}"))
			.isEqualTo(Map.of("a", java.util.Arrays.asList(1, 2.5, "x", true, null)));
		assertThat(JsonValues.parse("\"text\"")).isEqualTo("text");
		assertThat(JsonValues.parse("null")).isNull();
		assertThat(JsonValues.parse("12345678901")).isEqualTo(12345678901L);
	}

	@Test
	void paramsMustBeAnObjectOrNothing() {
		assertThat(JsonValues.parseParams(null)).isEmpty();
		assertThat(JsonValues.parseParams(" ")).isEmpty();
		assertThat(JsonValues.parseParams("{\"rounds\":3}")).containsEntry("rounds", 3);
		assertThatThrownBy(() -> JsonValues.parseParams("[1]")).hasMessageContaining("must be a JSON object");
	}

	@Test
	void writesJsonText() {
		assertThat(new String(JsonValues.write(List.of("\u00e9", 1)), StandardCharsets.UTF_8))
			.isEqualTo("[\"\u00e9\",1]");
	}

}
