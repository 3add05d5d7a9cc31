package dev.workpool.jobs;

import java.time.Duration;

/**
 * How long a failed task waits before its next attempt: {@code initial} after the first
 * failure, multiplied by {@code multiplier} after each further one, never more than
 * {@code max}. Each wait is jittered by ±{@value #JITTER_PERCENT} % (then capped at
 * {@code max}), so tasks that failed together do not all come back at the same instant.
 *
 * @param initial wait after the first failed attempt; zero retries at once
 * @param multiplier factor applied per further failed attempt, at least 1
 * @param max longest wait
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

	/** The backoff of a job that names none: 1 s, doubling, at most 5 min. */
	public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5));

	/** The jitter: each wait is drawn uniformly from ±this percentage of its value. */
	public static final int JITTER_PERCENT = 20;

	/**
	 * The wait before the next attempt, in microseconds.
	 * @param failuresBefore failed attempts before the one that just failed (0 for the
	 * first failure)
	 * @param random a uniform random number in [0, 1), drawing the jitter
	 */
	public long delayMicros(int failuresBefore, double random) {
		double base = micros(this.initial) * Math.pow(this.multiplier, Math.max(0, failuresBefore));
		double jitter = 1.0 + (JITTER_PERCENT / 100.0) * (2.0 * random - 1.0);
		double delay = Math.min(base, micros(this.max)) * jitter;
		return (long) Math.max(0, Math.min(delay, micros(this.max)));
	}

	private static double micros(Duration duration) {
		return duration.toNanos() / 1000.0;
	}

}
