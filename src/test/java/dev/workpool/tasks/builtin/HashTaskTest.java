package dev.workpool.tasks.builtin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashTaskTest {

	private static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	private final HashTask hash = new HashTask();

	@Test
	void hashesAStringOnceByDefault() throws Exception {
		assertThat(this.hash.run("abc", new TestContext(Map.of()))).isEqualTo(SHA256_ABC);
	}

	@Test
	void iteratesOverThePreviousDigest() throws Exception {
		Object twice = this.hash.run("abc", new TestContext(Map.of("rounds", 2)));
		byte[] once = java.util.HexFormat.of().parseHex(SHA256_ABC);
		String expected = java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(once));
		assertThat(twice).isEqualTo(expected);
	}

	@Test
	void hashesOtherValuesAsTheirJsonText() throws Exception {
		assertThat(this.hash.run(List.of(1, "a"), new TestContext(Map.of())))
			.isEqualTo(this.hash.run("[1,\"a\"]", new TestContext(Map.of())));
		assertThat(this.hash.run(42, new TestContext(Map.of())))
			.isEqualTo(this.hash.run("42", new TestContext(Map.of())));
	}

	@Test
	void validatesRounds() {
		this.hash.validateParams(Map.of());
		this.hash.validateParams(Map.of("rounds", 10_000_000));
		for (Object bad : new Object[] { 0, 10_000_001, "5", 2.5 }) {
			assertThatThrownBy(() -> this.hash.validateParams(Map.of("rounds", bad)))
				.isInstanceOf(InvalidTaskArgumentException.class)
				.hasMessage("Task type 'hash': params.rounds must be an integer between 1 and 10000000");
		}
		Map<String, Object> nullRounds = new HashMap<>();
		nullRounds.put("rounds", null);
		assertThatThrownBy(() -> this.hash.validateParams(nullRounds)).isInstanceOf(InvalidTaskArgumentException.class);
	}

	@Test
	void rejectsUnknownParams() {
		assertThatThrownBy(() -> this.hash.validateParams(Map.of("rounds", 1, "salt", "x")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("params.salt")
			.extracting("field")
			.isEqualTo("params.salt");
	}

}
