package dev.workpool.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * A job's deadline: past {@code at} (by the database's clock) the job is stopped like a
 * cancel and ends FAILED with a status reason starting
 * {@value JobLifecycle#DEADLINE_EXCEEDED}.
 *
 * @param after the deadline as submitted: time from submission
 * @param at submission time plus {@code after}, computed by the database
 */
public record JobDeadline(Duration after, Instant at) {
}
