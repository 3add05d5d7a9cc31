package dev.workpool.jobs;

/**
 * The answer to a submit.
 *
 * @param job the job, as stored
 * @param created true for a new job; false when an earlier submit with the same
 * {@code Idempotency-Key} and the same request made it
 */
public record Submitted(Job job, boolean created) {
}
