package dev.workpool.worker.runtime;

import org.junit.jupiter.api.Test;

import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;

import static org.assertj.core.api.Assertions.assertThat;

class TaskResultTest {

	@Test
	void errorTextIsSimpleNameAndMessageCutAt8000Chars() {
		assertThat(TaskResult.errorText(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
		assertThat(TaskResult.errorText(new NullPointerException())).isEqualTo("NullPointerException");
		assertThat(TaskResult.errorText(new RuntimeException("x".repeat(20_000)))).hasSize(8000)
			.startsWith("RuntimeException: xxx");
	}

	@Test
	void failureIsRetriedUntilTheLastAttempt() {
		RuntimeException boom = new RuntimeException("boom");
		assertThat(TaskResult.failed(new TaskItem(1, 0, 1, 0, "1"), 2, boom, 0, 0).outcome())
			.isEqualTo(TaskOutcome.RETRY);
		assertThat(TaskResult.failed(new TaskItem(1, 0, 2, 1, "1"), 2, boom, 0, 0).outcome())
			.isEqualTo(TaskOutcome.FAILED);
		assertThat(TaskResult.failed(new TaskItem(1, 0, 1, 0, "1"), 1, boom, 0, 0).outcome())
			.isEqualTo(TaskOutcome.FAILED);
	}

}
