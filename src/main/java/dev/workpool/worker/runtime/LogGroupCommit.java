package dev.workpool.worker.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.workpool.joblog.JobLogException;
import dev.workpool.joblog.LogEntry;
import dev.workpool.lock.LockLostException;

/**
 * Group commit of one worker's job-log appends. When several threads append to the same
 * job's log at once, one of them (the leader) writes the entries of all who are waiting
 * in one {@link Held#append} (one fsync) while the others wait for it. Each caller's
 * entries stay together and in its order, callers follow each other in the order they
 * arrived, and each returns only once its own entries are durable. When a batch fails,
 * every caller whose entries were in it gets the failure (the same exception instance);
 * callers of other batches are not affected.
 * <p>
 * A leader first makes sure of the log's lock: it checks the one kept for it
 * ({@link Held#check}, a round trip) or takes it. Its batch stays open meanwhile, so the
 * callers arriving during that round trip are written with it: the callers of a batch
 * return together, and the first one back would else write alone while the others
 * gathered behind it, each batch paying a check and an fsync.
 * <p>
 * The log's lock is kept from one batch to the next while callers keep coming: a leader
 * that finds the next batch already waiting hands the open {@link Held} session on to
 * that batch's leader instead of committing and releasing, for at most
 * {@link #MAX_HOLD_NANOS} from the lock's acquisition, so writers of other processes wait
 * no longer than that. The last leader, with nobody waiting, keeps it for
 * {@link #LINGER_NANOS} more (a worker's lane logs line after line: its next one usually
 * comes sooner), then a timer closes it; when a worker runs one task at a time, this is
 * what spares its consecutive lines a lock acquisition and a commit each. Without a timer
 * (tests) the last leader closes it at once.
 * <p>
 * A kept lock found lost when the next batch comes (its connection died in between) is
 * let go and taken again: its fence failed before anything was written.
 * <p>
 * No thread of its own (the worker's timer ends lingers): a caller that finds nobody
 * writing that job's log writes at once (its own list, not a copy, when nobody joined
 * it), so a lone caller pays the lock acquisition and release and nothing else. Appends
 * to different jobs do not wait for each other.
 * <p>
 * A batch is written with the leader's interrupt status cleared and restored afterwards,
 * and waiting ignores interrupts, like the database calls of an append always did: an
 * interrupt meant for the leader's task (a cancel, a timeout) must not fail the entries
 * of the others.
 */
final class LogGroupCommit {

	/**
	 * How long the log's lock is kept for the batches that follow each other, from its
	 * acquisition.
	 */
	static final long MAX_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

	/** How long the lock is kept after a batch with nobody waiting, for the next one. */
	static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	/** Where batches go: {@code JobLogWriter.open}. */
	interface Sink {

		/** Takes the job's log lock for one or more batches. */
		Held open(long jobId);

	}

	/** The log's lock held for batches: {@code JobLogWriter.Session}. */
	interface Held {

		/**
		 * Checks that the lock is still held, so that the next {@link #append} need not.
		 * @throws LockLostException it was lost (nothing was written)
		 */
		void check();

		/** Writes a batch; durable when this returns. */
		void append(List<LogEntry> entries);

		/** Commits and releases the lock; never throws. */
		void close();

	}

	private final Sink sink;

	private final ConcurrentHashMap<Long, Queue> queues = new ConcurrentHashMap<>();

	private final long maxHoldNanos;

	private final long lingerNanos;

	/** Closes lingering sessions; null: none lingers. */
	private final ScheduledExecutorService timer;

	/**
	 * With the default hold and linger.
	 * @param timer closes sessions kept after their last batch; null keeps none
	 */
	LogGroupCommit(Sink sink, ScheduledExecutorService timer) {
		this(sink, MAX_HOLD_NANOS, LINGER_NANOS, timer);
	}

	/**
	 * @param timer closes sessions kept after their last batch once {@code lingerNanos}
	 * have passed; null keeps none
	 */
	LogGroupCommit(Sink sink, long maxHoldNanos, long lingerNanos, ScheduledExecutorService timer) {
		this.sink = sink;
		this.maxHoldNanos = maxHoldNanos;
		this.lingerNanos = (timer != null) ? lingerNanos : 0;
		this.timer = timer;
	}

	/**
	 * Appends the entries; returns once they are durable, throws if their batch failed.
	 */
	void append(long jobId, List<LogEntry> entries) {
		Queue queue = this.queues.compute(jobId,
				(id, existing) -> ((existing != null) ? existing : new Queue()).enter());
		try {
			queue.append(jobId, entries);
		}
		finally {
			this.queues.computeIfPresent(jobId, (id, existing) -> existing.leave().isUnused() ? null : existing);
		}
	}

	/** Whether the job's log lock is kept now (between batches); for tests. */
	boolean holds(long jobId) {
		Queue queue = this.queues.get(jobId);
		return queue != null && !queue.isIdle();
	}

	/** Callers whose entries wait for the batch being written now; for tests. */
	int waitingCallers(long jobId) {
		Queue queue = this.queues.get(jobId);
		return (queue != null) ? queue.waitingCallers() : 0;
	}

	/** One job's log: the batch being written, and the one filling up meanwhile. */
	private final class Queue {

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition written = this.lock.newCondition();

		/** The thread writing a batch now, or null. */
		private Thread leader;

		/** Entries of callers that arrived while the leader writes; the next batch. */
		private Batch waiting;

		/** The lock kept for the waiting batch's leader, or null. */
		private Held held;

		/** When {@link #held} was acquired. */
		private long heldSince;

		/**
		 * Counts the sessions kept: a lingering session's timed close acts only if no
		 * batch took and kept it again since.
		 */
		private long kept;

		/** Callers inside {@link #append}; changed only inside the map's compute. */
		private int callers;

		Queue enter() {
			this.callers++;
			return this;
		}

		Queue leave() {
			this.callers--;
			return this;
		}

		/**
		 * Whether no caller is inside and no lock is kept: the queue can go (asked inside
		 * the map's compute, where {@link #callers} changes).
		 */
		boolean isUnused() {
			return this.callers == 0 && isIdle();
		}

		/** Whether no lock is kept for a next batch. */
		boolean isIdle() {
			this.lock.lock();
			try {
				return this.held == null;
			}
			finally {
				this.lock.unlock();
			}
		}

		/** The timed end of a linger: closes the session if it is still the one kept. */
		void closeLingering(long jobId, long token) {
			Held session = null;
			this.lock.lock();
			try {
				if (this.kept == token && this.held != null && this.leader == null) {
					session = this.held;
					this.held = null;
				}
			}
			finally {
				this.lock.unlock();
			}
			if (session != null) {
				session.close();
			}
			LogGroupCommit.this.queues.computeIfPresent(jobId, (id, existing) -> existing.isUnused() ? null : existing);
		}

		void append(long jobId, List<LogEntry> entries) {
			Lead lead = join(jobId, entries);
			if (lead == null) {
				return;
			}
			boolean interrupted = Thread.interrupted();
			try {
				takeLock(jobId, lead);
				closeBatch();
				if (lead.failure == null) {
					try {
						lead.session.append(lead.batch.entries());
					}
					catch (Throwable ex) {
						lead.failure = ex;
					}
				}
				long linger = keepOrRelease(lead);
				finish(lead);
				if (linger != 0) {
					closeAfterLinger(jobId, linger);
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
			lead.batch.rethrow(jobId);
		}

		/**
		 * Adds the entries to the waiting batch and waits: until another leader wrote it
		 * (returns null, or throws its failure), or until nobody writes and this caller
		 * is to lead it, with the lock the previous leader kept for it, if any. The batch
		 * stays open while the leader makes sure of the lock: callers arriving meanwhile
		 * join it.
		 */
		private Lead join(long jobId, List<LogEntry> entries) {
			this.lock.lock();
			try {
				if (this.leader == Thread.currentThread()) {
					// from inside its own append (a sink that logs to this log): waiting
					// for itself would never end
					throw new JobLogException(jobId, null, "appended to from inside its own append", null);
				}
				if (this.waiting == null) {
					this.waiting = new Batch();
				}
				Batch batch = this.waiting;
				batch.parts.add(entries);
				while (this.leader != null && !batch.done) {
					this.written.awaitUninterruptibly();
				}
				if (batch.done) {
					batch.rethrow(jobId);
					return null;
				}
				this.leader = Thread.currentThread();
				Lead lead = new Lead(batch, this.held, this.heldSince);
				this.held = null;
				return lead;
			}
			finally {
				this.lock.unlock();
			}
		}

		/**
		 * Checks the kept lock or takes the lock; whatever fails is the batch's failure:
		 * the waiting callers must be woken and told.
		 */
		private void takeLock(long jobId, Lead lead) {
			try {
				if (lead.session != null) {
					try {
						lead.session.check();
					}
					catch (LockLostException ex) {
						// lost between batches, before anything was written: take the
						// lock again
						Held lost = lead.session;
						lead.session = null;
						lost.close();
					}
				}
				if (lead.session == null) {
					lead.session = LogGroupCommit.this.sink.open(jobId);
					// the hold counts from the acquisition, not from the wait for it: a
					// worker that waited for the lock as long as the longest hold (the
					// other workers of the job had it) would else let it go after one
					// batch, and each hand-over costs the job's log a release, an
					// acquisition and a fence
					lead.since = System.nanoTime();
				}
			}
			catch (Throwable ex) {
				lead.failure = ex;
			}
		}

		/**
		 * The leader's batch takes no more callers: the next ones start the next batch.
		 */
		private void closeBatch() {
			this.lock.lock();
			try {
				this.waiting = null;
			}
			finally {
				this.lock.unlock();
			}
		}

		/**
		 * Keeps the lock for the next batch (waiting already, or a linger) within the
		 * longest hold, else releases it — before the next leader is woken: its GET_LOCK
		 * then finds the lock free instead of waiting for this release.
		 * @return the token of the session kept to linger, or 0
		 */
		private long keepOrRelease(Lead lead) {
			boolean keep;
			long linger = 0;
			this.lock.lock();
			try {
				keep = lead.failure == null && (this.waiting != null || LogGroupCommit.this.lingerNanos > 0)
						&& System.nanoTime() - lead.since < LogGroupCommit.this.maxHoldNanos;
				if (keep) {
					this.held = lead.session;
					this.heldSince = lead.since;
					this.kept++;
					if (this.waiting == null) {
						linger = this.kept;
					}
				}
			}
			finally {
				this.lock.unlock();
			}
			if (!keep && lead.session != null) {
				lead.session.close();
			}
			return linger;
		}

		/** The batch is written (or failed): its callers return, the next leader goes. */
		private void finish(Lead lead) {
			this.lock.lock();
			try {
				lead.batch.done = true;
				lead.batch.failure = lead.failure;
				this.leader = null;
				this.written.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		private void closeAfterLinger(long jobId, long token) {
			try {
				LogGroupCommit.this.timer.schedule(() -> closeLingering(jobId, token), LogGroupCommit.this.lingerNanos,
						TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// the worker is stopping: close it now
				closeLingering(jobId, token);
			}
		}

		int waitingCallers() {
			this.lock.lock();
			try {
				return (this.waiting != null) ? this.waiting.parts.size() : 0;
			}
			finally {
				this.lock.unlock();
			}
		}

	}

	/**
	 * A leader's batch and what it takes over and finds out while writing it: the lock
	 * kept for it (or taken), when that was acquired, the failure. Its leader's alone.
	 */
	private static final class Lead {

		private final Batch batch;

		private Held session;

		private long since;

		private Throwable failure;

		Lead(Batch batch, Held session, long since) {
			this.batch = batch;
			this.session = session;
			this.since = since;
		}

	}

	/** The entries of the callers written together; guarded by their queue's lock. */
	private static final class Batch {

		private final List<List<LogEntry>> parts = new ArrayList<>(1);

		private boolean done;

		private Throwable failure;

		/** Read by the leader only, after it took the batch: nobody adds to it then. */
		List<LogEntry> entries() {
			if (this.parts.size() == 1) {
				return this.parts.get(0);
			}
			List<LogEntry> all = new ArrayList<>();
			this.parts.forEach(all::addAll);
			return all;
		}

		void rethrow(long jobId) {
			if (this.failure instanceof RuntimeException ex) {
				throw ex;
			}
			if (this.failure instanceof Error error) {
				throw error;
			}
			if (this.failure != null) {
				throw new JobLogException(jobId, null, "append failed: " + this.failure, this.failure);
			}
		}

	}

}
