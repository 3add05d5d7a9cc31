package dev.workpool.api;

import java.util.List;

import dev.workpool.jobs.ResultPage;
import dev.workpool.jobs.TaskResult;

/**
 * A page of results.
 *
 * @param items the results
 * @param next offset of the next page, or null on the last page
 */
record ResultListResponse(List<TaskResult> items, Long next) {

	static ResultListResponse of(ResultPage page) {
		return new ResultListResponse(page.items(), page.next());
	}

}
