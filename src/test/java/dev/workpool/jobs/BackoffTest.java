package dev.workpool.jobs;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));

	@Test
	void waitGrowsByTheMultiplierPerFailureWithoutJitterAtTheMiddle() {
		assertThat(this.backoff.delayMicros(0, 0.5)).isEqualTo(1_000_000);
		assertThat(this.backoff.delayMicros(1, 0.5)).isEqualTo(2_000_000);
		assertThat(this.backoff.delayMicros(2, 0.5)).isEqualTo(4_000_000);
		assertThat(this.backoff.delayMicros(3, 0.5)).isEqualTo(8_000_000);
	}

	@Test
	void jitterStaysWithinTwentyPercent() {
		assertThat(this.backoff.delayMicros(1, 0.0)).isEqualTo(1_600_000);
		assertThat(this.backoff.delayMicros(1, 0.999_999)).isBetween(2_399_990L, 2_400_000L);
	}

	@Test
	void waitNeverExceedsMaxEvenWithJitterOrManyFailures() {
		assertThat(this.backoff.delayMicros(3, 0.999)).isBetween(9_500_000L, 10_000_000L);
		assertThat(this.backoff.delayMicros(4, 0.999)).isEqualTo(10_000_000);
		assertThat(this.backoff.delayMicros(1_000, 0.5)).isEqualTo(10_000_000);
		assertThat(this.backoff.delayMicros(1_000, 0.0)).isEqualTo(8_000_000);
		assertThat(this.backoff.delayMicros(Integer.MAX_VALUE, 0.5)).isEqualTo(10_000_000);
	}

	@Test
	void zeroInitialRetriesAtOnce() {
		Backoff immediate = new Backoff(Duration.ZERO, 2.0, Duration.ofSeconds(1));
		assertThat(immediate.delayMicros(5, 0.9)).isZero();
	}

	@Test
	void retryPolicyKeepsItsCausesInDeclarationOrder() {
		RetryPolicy policy = new RetryPolicy(Backoff.DEFAULT, java.util.Set.of(FailureCause.ERROR, FailureCause.CRASH));
		assertThat(policy.retryOn()).containsExactly(FailureCause.CRASH, FailureCause.ERROR);
		assertThat(policy.columnValue()).isEqualTo("crash,error");
		assertThat(RetryPolicy.parseColumn("crash,error")).containsExactly(FailureCause.CRASH, FailureCause.ERROR);
		assertThat(RetryPolicy.parseColumn("")).isEmpty();
		assertThat(policy.retries(FailureCause.TIMEOUT)).isFalse();
	}

}
