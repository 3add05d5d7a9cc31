package dev.workpool.jobs;

/**
 * Published after the transaction that moved a job to {@code CANCELLING} (or straight to
 * {@code CANCELLED}) has committed, so a listener (a plain {@code @EventListener}) can
 * stop the job's running tasks.
 *
 * @param jobId the cancelled job's id
 */
public record JobCancelRequested(long jobId) {

}
