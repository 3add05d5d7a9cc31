package dev.workpool.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task counts for job reads, without a {@code GROUP BY} over a big job's tasks on every
 * {@code GET}. Counts of a job that was already finished when they were read never change
 * (a finished job's tasks are final; late writes of stale attempts are refused), so they
 * are kept. Counts of a running job with at least {@link #LARGE_JOB} tasks are reused for
 * {@link #ACTIVE_TTL_NANOS}; smaller running jobs are always counted afresh.
 */
final class TaskCountsCache {

	static final int LARGE_JOB = 10_000;

	static final long ACTIVE_TTL_NANOS = 500_000_000L;

	private static final int MAX_ENTRIES = 10_000;

	private final JobRepository jobs;

	private final LruCache<Long, Entry> entries = new LruCache<>(MAX_ENTRIES);

	TaskCountsCache(JobRepository jobs) {
		this.jobs = jobs;
	}

	/** The counts of each job, as of at most {@link #ACTIVE_TTL_NANOS} ago. */
	Map<Long, TaskCounts> countsOf(List<Job> jobs) {
		long now = System.nanoTime();
		Map<Long, TaskCounts> counts = new HashMap<>();
		Set<Long> missing = new LinkedHashSet<>();
		for (Job job : jobs) {
			Entry entry = this.entries.get(job.id());
			if (entry != null && (entry.finished() || (job.total() >= LARGE_JOB
					&& now - entry.loadedAt() < ACTIVE_TTL_NANOS && !job.status().isTerminal()))) {
				counts.put(job.id(), entry.counts());
			}
			else {
				missing.add(job.id());
			}
		}
		if (!missing.isEmpty()) {
			Map<Long, TaskCounts> loaded = this.jobs.counts(new ArrayList<>(missing));
			for (Job job : jobs) {
				if (missing.contains(job.id())) {
					TaskCounts value = loaded.getOrDefault(job.id(), TaskCounts.NONE);
					counts.put(job.id(), value);
					if (job.status().isTerminal() || job.total() >= LARGE_JOB) {
						this.entries.put(job.id(), new Entry(value, job.status().isTerminal(), now));
					}
				}
			}
		}
		return counts;
	}

	private record Entry(TaskCounts counts, boolean finished, long loadedAt) {
	}

}
