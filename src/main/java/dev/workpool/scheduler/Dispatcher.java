package dev.workpool.scheduler;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.JobLifecycle;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.TaskQueue;
import dev.workpool.jobs.TaskRef;
import dev.workpool.jobs.WorkerDirectory;
import dev.workpool.jobs.WorkerInfo;
import dev.workpool.worker.launcher.WorkerLauncher;

/**
 * The node's scheduling loop. One thread owns all scheduling state: it claims chunks of
 * queued tasks for jobs with free parallelism slots (highest priority first; among equal
 * priorities the job with the fewest workers here) and hands them to idle (or new)
 * workers (its {@link ChunkAssigner}), turns worker events into task settlements (its
 * {@link WorkerEvents}), stops cancelled and overdue jobs and drains the node (its
 * {@link JobStops}), and (its {@link WorkerWatch}) enforces timeouts, cancels and the
 * idle limits. Worker callbacks arrive on their reader threads and are queued to this
 * thread.
 * <p>
 * The loop survives any Throwable and backs off while the database is unreachable. A
 * settlement it could not write is not lost: every so often, and after any failure, it
 * reconciles the database with what its workers hold, handing back claims of this node
 * that no worker runs (ADR 8).
 */
public final class Dispatcher implements WorkerDirectory {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final long RECONCILE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final long MAX_FAILURE_PAUSE_MILLIS = 5_000;

	private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final TaskQueue queue;

	private final WorkerPool pool;

	private final JobTable jobs;

	private final JobStops stops;

	private final ChunkAssigner assigner;

	private final WorkerWatch watch;

	private final DispatcherSettings settings;

	private final String nodeId;

	private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();

	/** Set by {@link #wake()} (any thread) and worker events; cleared by the tick. */
	private final AtomicBoolean dispatchRequested = new AtomicBoolean(true);

	private volatile boolean running;

	/**
	 * Set once by {@link #stop()}: a second stop, and a {@link #resumeClaiming()} made
	 * before the drain has begun on the loop, do nothing. Guarded by this.
	 */
	private boolean stopping;

	private boolean reconcileNeeded = true;

	private long reconciledNanos;

	private long failurePauseMillis;

	private long lastDispatchNanos;

	private Thread thread;

	public Dispatcher(JobLifecycle lifecycle, TaskQueue queue, WorkerLauncher launcher, DispatcherSettings settings,
			String nodeId, JobEventLog events, SchedulerMetrics metrics) {
		this.queue = queue;
		this.pool = new WorkerPool(launcher, nodeId, settings.maxProcesses(), settings.stopGrace(),
				settings.maxTasksPerWorker());
		this.settings = settings;
		this.nodeId = nodeId;
		this.jobs = new JobTable(lifecycle, settings.pollInterval());
		Settlements settlements = new Settlements(queue, nodeId, events);
		this.stops = new JobStops(lifecycle, queue, this.pool, settlements, this.jobs, settings, nodeId, events,
				this::settle);
		// reached through its listener, which every worker of the pool holds
		WorkerEvents workerEvents = new WorkerEvents(this.pool, this.jobs, settlements, settings, nodeId, metrics,
				events, this::settle, this.stops::isDraining, this.dispatchRequested, this.inbox::offer);
		this.assigner = new ChunkAssigner(lifecycle, queue, this.pool, this.jobs, this.stops, events, settings, nodeId,
				workerEvents.listener());
		this.watch = new WorkerWatch(this.pool, settings, nodeId);
		metrics.bind(this.pool::snapshot, this.jobs::count);
	}

	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.thread = new Thread(this::loop, "workpool-dispatcher");
		this.thread.start();
	}

	/**
	 * Drains the node: stops claiming at once; asks every worker to finish its current
	 * task, skip the rest of its chunk (handed back to the queue at once) and exit; after
	 * the shutdown grace kills the workers still running. Then hands this node's
	 * unfinished claims back to the queue, charging no attempt, for other nodes to run.
	 */
	public void stop() {
		synchronized (this) {
			if (!this.running || this.stopping) {
				return;
			}
			this.stopping = true;
			this.assigner.pauseClaiming();
		}
		long started = System.nanoTime();
		Duration grace = this.settings.shutdownGrace();
		this.inbox.offer(() -> this.stops.beginDrain(grace));
		boolean drained = this.stops.awaitDrained(started + grace.toNanos());
		log.info("[node {}] {} after {} ms", this.nodeId,
				drained ? "all workers finished" : "shutdown grace of " + grace + " over; killing the workers left",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.stops.endDrain();
	}

	/**
	 * Stops claiming new tasks; running chunks finish, cancels and timeouts are still
	 * handled. Used on shutdown and by operators to drain a node.
	 */
	public void pauseClaiming() {
		this.assigner.pauseClaiming();
	}

	/** Claims again after {@link #pauseClaiming()}; not once the node is stopping. */
	public void resumeClaiming() {
		synchronized (this) {
			if (this.stopping) {
				return;
			}
			this.assigner.resumeClaiming();
		}
		wake();
	}

	/**
	 * Something changed (a job was submitted or cancelled, tasks were re-queued): look
	 * for work now.
	 */
	public void wake() {
		this.jobs.markStale();
		this.dispatchRequested.set(true);
		this.inbox.offer(() -> {
		});
	}

	@Override
	public List<WorkerInfo> workers() {
		return this.pool.snapshot();
	}

	private void loop() {
		while (this.running) {
			try {
				Runnable event = this.inbox.poll(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				while (event != null && this.running) {
					event.run();
					event = this.inbox.poll();
				}
				if (this.running) {
					tick(System.nanoTime());
				}
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					break;
				}
			}
			catch (Throwable ex) {
				failed(ex);
			}
		}
	}

	/**
	 * First the work that needs no database (timeouts, idle workers, the snapshot), then
	 * dispatch and, when due, reconciliation.
	 */
	private void tick(long now) {
		this.watch.enforceDeadlines(now, this.jobs::get, !this.reconcileNeeded);
		this.watch.retireIdle(now);
		this.pool.publishSnapshot();
		if (this.dispatchRequested.get() || now - this.lastDispatchNanos >= this.settings.pollInterval().toNanos()) {
			this.dispatchRequested.set(false);
			this.lastDispatchNanos = now;
			dispatch(now);
			if (System.nanoTime() - now > STALL_NANOS) {
				// the database stalled (frozen, not failing): treat it like an outage
				this.reconcileNeeded = true;
			}
		}
		if (this.reconcileNeeded || now - this.reconciledNanos >= RECONCILE_EVERY_NANOS) {
			reconcile(now);
		}
		if (this.failurePauseMillis > 0) {
			log.info("[node {}] dispatcher working again", this.nodeId);
			this.failurePauseMillis = 0;
		}
	}

	/**
	 * The loop failed, most likely because the database is unreachable: reconcile when it
	 * answers again, and back off (0.5 s doubling to 5 s) meanwhile.
	 */
	private void failed(Throwable ex) {
		this.reconcileNeeded = true;
		// the dispatch this tick owed (its request was cleared) is made when the database
		// answers, not a poll interval later
		this.dispatchRequested.set(true);
		this.failurePauseMillis = Math.min(MAX_FAILURE_PAUSE_MILLIS, Math.max(500, this.failurePauseMillis * 2));
		if (ex instanceof DataAccessException || ex instanceof TransactionException) {
			log.warn("[node {}] dispatcher cannot reach the database, retrying in {} ms: {}", this.nodeId,
					this.failurePauseMillis, ex.toString());
		}
		else {
			log.error("[node {}] dispatcher loop failed; retrying in {} ms", this.nodeId, this.failurePauseMillis, ex);
		}
		pause(this.failurePauseMillis);
	}

	/**
	 * Hands back (or cancels, for a cancelled job) every claim of this node the database
	 * holds as RUNNING that no worker of this node holds: settlements that could not be
	 * written, claims whose commit outcome was lost. Runs on the loop, so no claim is in
	 * flight; every write is conditional on the claim's attempt.
	 */
	private void reconcile(long now) {
		Set<TaskRef> held = new HashSet<>();
		for (WorkerSlot worker : this.pool.all()) {
			for (Chunk chunk : worker.chunks()) {
				chunk.tasks().forEach((task) -> held.add(task.ref()));
			}
		}
		int released = this.queue.releaseOrphans(this.nodeId, held);
		if (this.reconcileNeeded) {
			// whatever a worker waited for during the trouble, its task gets a fresh
			// timeout
			this.pool.all().forEach((worker) -> worker.restartTaskClock(now));
		}
		this.reconcileNeeded = false;
		this.reconciledNanos = now;
		if (released > 0) {
			log.warn("[node {}] handed back {} claims no worker of this node holds", this.nodeId, released);
			wake();
		}
	}

	/**
	 * Runs a settlement write; if it fails (the database is unreachable) the bookkeeping
	 * goes on and the claim is reconciled later.
	 */
	private void settle(String what, Runnable write) {
		try {
			write.run();
		}
		catch (RuntimeException ex) {
			this.reconcileNeeded = true;
			log.warn("[node {}] could not {} now; reconciled when the database answers: {}", this.nodeId, what,
					ex.toString());
		}
	}

	/**
	 * Stops the jobs past their deadline and cancels the cancelled ones, then hands out
	 * chunks.
	 */
	private void dispatch(long now) {
		List<ActiveJob> active = this.jobs.activeJobs(now);
		if (this.stops.stopJobsPastDeadline(active)) {
			this.jobs.markStale();
			active = this.jobs.activeJobs(now);
		}
		for (ActiveJob job : active) {
			if (job.status() == JobStatus.CANCELLING) {
				this.stops.cancel(this.jobs.get(job.id()), now);
			}
		}
		this.assigner.assign(active, now);
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
