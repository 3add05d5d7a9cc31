package dev.workpool.jobs;

import java.util.List;

/**
 * One page of jobs, newest first.
 *
 * @param items the jobs on this page
 * @param nextCursor opaque cursor of the next page, or null on the last page
 */
public record JobPage(List<Job> items, String nextCursor) {

}
