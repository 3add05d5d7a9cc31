package dev.workpool.worker.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTest {

	@Test
	void signalsAreNamed() {
		assertThat(ExitStatus.describe(137)).isEqualTo("killed by SIGKILL (exit status 137)");
		assertThat(ExitStatus.describe(143)).isEqualTo("killed by SIGTERM (exit status 143)");
		assertThat(ExitStatus.describe(134)).startsWith("killed by SIGABRT");
		assertThat(ExitStatus.describe(150)).startsWith("killed by signal 22");
	}

	@Test
	void workerStatusesAreExplained() {
		assertThat(ExitStatus.describe(0)).isEqualTo("exited normally (exit status 0)");
		assertThat(ExitStatus.describe(2)).contains("protocol");
		assertThat(ExitStatus.describe(3)).contains("ran out of memory");
		assertThat(ExitStatus.describe(5)).contains("database lost");
		assertThat(ExitStatus.describe(42)).isEqualTo("exited with an error (exit status 42)");
	}

}
