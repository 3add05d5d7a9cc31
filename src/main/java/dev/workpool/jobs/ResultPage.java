package dev.workpool.jobs;

import java.util.List;

/**
 * One page of a job's results.
 *
 * @param items the results on this page
 * @param next offset of the next page, or null on the last page
 */
public record ResultPage(List<TaskResult> items, Long next) {

}
