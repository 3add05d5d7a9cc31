package dev.workpool.worker.launcher;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeHeapTrimTest {

	@Test
	void theOptionIsAddedWhereThisJvmKnowsTheFlagAndOnlyThere() {
		boolean known = Runtime.version().feature() >= 22
				|| (Runtime.version().feature() == 21 && Runtime.version().update() >= 1)
				|| (Runtime.version().feature() == 17 && Runtime.version().update() >= 9);
		assertThat(NativeHeapTrim.isKnown()).as("JDK " + Runtime.version()).isEqualTo(known);
		assertThat(NativeHeapTrim.options(List.of("-Xmx256m")))
			.isEqualTo(known ? List.of("-XX:TrimNativeHeapInterval=1000") : List.of());
	}

	@Test
	void anOperatorsOwnSettingIsLeftAlone() {
		assertThat(NativeHeapTrim.options(List.of("-XX:TrimNativeHeapInterval=0"))).isEmpty();
	}

}
