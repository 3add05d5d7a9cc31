package dev.workpool.api;

import java.util.List;

import dev.workpool.jobs.JobPage;

/**
 * A page of jobs, newest first.
 *
 * @param items the jobs
 * @param next cursor for the next page, or null on the last page
 */
record JobListResponse(List<JobResponse> items, String next) {

	static JobListResponse of(JobPage page) {
		return new JobListResponse(page.items().stream().map(JobResponse::of).toList(), page.nextCursor());
	}

}
