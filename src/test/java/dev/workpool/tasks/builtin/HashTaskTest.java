package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
