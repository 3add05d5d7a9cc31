package dev.workpool.jobs;

/**
 * Published after the transaction that stored a new job has committed, so a listener (a
 * plain {@code @EventListener}) can wake the dispatcher.
 *
 * @param jobId the new job's id
 */
public record JobSubmitted(long jobId) {

}
