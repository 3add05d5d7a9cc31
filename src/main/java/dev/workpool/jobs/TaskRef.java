package dev.workpool.jobs;

/**
 * One claim of one task: writes about it are conditional on {@code attempt} still being
 * the task's epoch and the task still RUNNING.
 */
public record TaskRef(long taskId, int attempt) {
}
