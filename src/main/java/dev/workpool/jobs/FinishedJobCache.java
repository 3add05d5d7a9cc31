package dev.workpool.jobs;

/**
 * Finished jobs as read last, with their counts, for {@code GET /api/v1/jobs/{id}} polled
 * by many clients: a finished job never changes, so for {@link #TTL_NANOS} a read needs
 * no query at all. The short lifetime bounds how long a job that is removed from the
 * database (by any replica) could still be served.
 */
final class FinishedJobCache {

	static final long TTL_NANOS = 1_000_000_000L;

	private static final int MAX_ENTRIES = 1_000;

	private final long ttlNanos;

	private final LruCache<Long, Entry> entries = new LruCache<>(MAX_ENTRIES);

	FinishedJobCache() {
		this(TTL_NANOS);
	}

	FinishedJobCache(long ttlNanos) {
		this.ttlNanos = ttlNanos;
	}

	/** The job if it was read finished less than the time to live ago, else null. */
	Job get(long id) {
		Entry entry = this.entries.get(id);
		if (entry == null) {
			return null;
		}
		if (System.nanoTime() - entry.loadedAt() >= this.ttlNanos) {
			this.entries.remove(id);
			return null;
		}
		return entry.job();
	}

	/** Keeps the job if it is finished. */
	void offer(Job job) {
		if (job.status().isTerminal()) {
			this.entries.put(job.id(), new Entry(job, System.nanoTime()));
		}
	}

	private record Entry(Job job, long loadedAt) {
	}

}
