package dev.workpool.jobs;

import java.time.Duration;

/**
 * Limits a submitted job must respect, from {@code workpool.jobs.*}.
 *
 * @param maxParallelism highest {@code parallelism}
 * @param maxInputs most inputs in one job
 * @param maxChunkSize highest {@code chunkSize}
 * @param maxAttempts highest {@code maxAttempts}
 * @param defaultTaskTimeout task timeout when a job names none
 * @param maxTaskTimeout longest task timeout
 * @param maxBackoff longest {@code backoff.max}
 * @param maxDeadline longest {@code deadline}
 */
public record JobLimits(int maxParallelism, int maxInputs, int maxChunkSize, int maxAttempts,
		Duration defaultTaskTimeout, Duration maxTaskTimeout, Duration maxBackoff, Duration maxDeadline) {
}
