package dev.workpool.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.workpool.jobs.ActiveJob;
import dev.workpool.jobs.Claim;
import dev.workpool.jobs.ClaimedTask;
import dev.workpool.jobs.FailureCause;
import dev.workpool.jobs.JobLifecycle;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.RetryPolicy;
import dev.workpool.jobs.TaskQueue;
import dev.workpool.jobs.TaskRef;
import dev.workpool.jobs.WorkerDirectory;
import dev.workpool.jobs.WorkerInfo;
import dev.workpool.worker.launcher.WorkerLauncher;
import dev.workpool.worker.launcher.WorkerListener;
import dev.workpool.worker.launcher.WorkerProcess;
import dev.workpool.worker.protocol.Message;

/**
 * The node's scheduling loop. One thread owns all scheduling state: it claims chunks of
 * queued tasks for jobs with free parallelism slots (highest priority first; among equal
 * priorities the job with the fewest workers here), hands them to idle (or new) workers,
 * turns worker events into task settlements, and (its {@link WorkerWatch}) enforces
 * timeouts, cancels and the idle limits. Worker callbacks arrive on their reader threads
 * and are queued to this thread.
 * <p>
 * The loop survives any Throwable and backs off while the database is unreachable. A
 * settlement it could not write is not lost: every so often, and after any failure, it
 * reconciles the database with what its workers hold, handing back claims of this node
 * that no worker runs (ADR 8).
 */
public final class Dispatcher implements WorkerDirectory {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final long RECONCILE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

	private static final long MAX_FAILURE_PAUSE_MILLIS = 5_000;

	private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final JobLifecycle lifecycle;

	private final TaskQueue queue;

	private final WorkerPool pool;

	private final Settlements settlements;

	private final LanePrefetch prefetch;

	private final WorkerWatch watch;

	private final DispatcherSettings settings;

	private final JobEventLog events;

	private final SchedulerMetrics metrics;

	private final String nodeId;

	private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();

	private final Map<Long, JobSlots> jobs = new HashMap<>();

	private final WorkerListener listener = new Listener();

	private volatile boolean running;

	private volatile boolean dispatchRequested = true;

	private volatile boolean claiming = true;

	private volatile boolean jobsStale = true;

	private volatile boolean draining;

	/** How many jobs {@link #jobs} holds, for {@link SchedulerMetrics}. */
	private volatile int jobCount;

	private boolean reconcileNeeded = true;

	private long reconciledNanos;

	private long failurePauseMillis;

	private List<ActiveJob> active = List.of();

	private long jobsReadNanos;

	private long lastDispatchNanos;

	private Thread thread;

	public Dispatcher(JobLifecycle lifecycle, TaskQueue queue, WorkerLauncher launcher, DispatcherSettings settings,
			String nodeId, JobEventLog events, SchedulerMetrics metrics) {
		this.lifecycle = lifecycle;
		this.queue = queue;
		this.events = events;
		this.metrics = metrics;
		this.pool = new WorkerPool(launcher, nodeId, settings.maxProcesses(), settings.stopGrace(),
				settings.maxTasksPerWorker());
		this.settings = settings;
		this.nodeId = nodeId;
		this.settlements = new Settlements(queue, nodeId, events);
		this.prefetch = new LanePrefetch(queue, nodeId, settings.maxTasksPerWorker(), RECHECK_NANOS);
		this.watch = new WorkerWatch(this.pool, settings, nodeId, this::send);
		metrics.bind(this.pool::snapshot, () -> this.jobCount);
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
			if (!this.running) {
				return;
			}
			this.claiming = false;
		}
		long started = System.nanoTime();
		Duration grace = this.settings.shutdownGrace();
		this.inbox.offer(() -> beginDrain(grace));
		boolean drained = awaitDrained(started + grace.toNanos());
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
		this.pool.killAll();
		this.pool.stopAll();
		this.events.close();
		try {
			int released = this.queue.releaseNode(this.nodeId);
			log.info("[node {}] dispatcher stopped; {} unfinished claims handed back to the queue", this.nodeId,
					released);
		}
		catch (RuntimeException ex) {
			log.warn("[node {}] dispatcher stopped; its claims will be recovered when its lease expires: {}",
					this.nodeId, ex.toString());
		}
	}

	/**
	 * Stops claiming new tasks; running chunks finish, cancels and timeouts are still
	 * handled. Used on shutdown and by operators to drain a node.
	 */
	public void pauseClaiming() {
		this.claiming = false;
	}

	public void resumeClaiming() {
		if (!this.draining) {
			this.claiming = true;
		}
		wake();
	}

	/**
	 * On the loop: idle and starting workers are stopped (a starting one's chunk goes
	 * back to the queue), busy ones asked to finish their current task and exit, and
	 * killed when the grace is over.
	 */
	private void beginDrain(Duration grace) {
		this.draining = true;
		long now = System.nanoTime();
		for (WorkerSlot worker : this.pool.all()) {
			if (!worker.isReady()) {
				for (WorkerSlot.Chunk chunk : worker.chunks()) {
					settle("hand back a starting worker's chunk", () -> this.settlements.handBack(chunk));
					chunkReleased(worker, chunk, now);
				}
			}
			if (worker.state() != WorkerSlot.State.STOPPING) {
				this.pool.retire(worker, worker.hasChunks() ? grace : this.settings.stopGrace());
			}
		}
		this.pool.publishSnapshot();
	}

	private boolean awaitDrained(long deadlineNanos) {
		while (System.nanoTime() < deadlineNanos) {
			if (this.draining && this.pool.snapshot().isEmpty()) {
				return true;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/**
	 * Something changed (a job was submitted or cancelled, tasks were re-queued): look
	 * for work now.
	 */
	public void wake() {
		this.jobsStale = true;
		this.dispatchRequested = true;
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
		if (this.dispatchRequested || now - this.lastDispatchNanos >= this.settings.pollInterval().toNanos()) {
			this.dispatchRequested = false;
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
			for (WorkerSlot.Chunk chunk : worker.chunks()) {
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

	private void dispatch(long now) {
		List<ActiveJob> active = activeJobs(now);
		if (stopJobsPastDeadline(active)) {
			this.jobsStale = true;
			active = activeJobs(now);
		}
		for (ActiveJob job : active) {
			if (job.status() == JobStatus.CANCELLING) {
				cancel(this.jobs.get(job.id()), now);
			}
		}
		Set<Long> passed = new HashSet<>();
		while (this.claiming && this.pool.hasCapacity(now)) {
			List<JobSlots> waiting = waitingJobs(active, passed, now);
			if (waiting.isEmpty()) {
				break;
			}
			JobSlots next = nextInLine(waiting);
			// alone, a job takes every free worker in one claim; with others waiting,
			// one at a time, so the fewest-workers rule shares them out
			int chunks = (waiting.size() == 1) ? Math.min(this.pool.freeLanes(next.job(), now), next.freeSlots()) : 1;
			if (!assignChunks(next, chunks, now)) {
				passed.add(next.job().id());
			}
		}
		if (this.claiming && !this.draining) {
			this.prefetch.run(this.pool.all(), this.jobs, waitingJobs(active, Set.of(), now), now, (worker,
					chunk) -> send(worker, runChunk(this.jobs.get(chunk.jobId()).job(), chunk.tasks(), chunk.lane())));
		}
	}

	/**
	 * The jobs that want a worker now, in the order of {@code active}: by priority
	 * (highest first), then id.
	 */
	private List<JobSlots> waitingJobs(List<ActiveJob> active, Set<Long> passed, long now) {
		List<JobSlots> waiting = new ArrayList<>();
		for (ActiveJob job : active) {
			JobSlots slots = this.jobs.get(job.id());
			if (slots != null && !passed.contains(job.id()) && job.status() != JobStatus.CANCELLING
					&& slots.wantsChunk(now)) {
				waiting.add(slots);
			}
		}
		return waiting;
	}

	/**
	 * The job that gets the next free worker: highest priority first; among equal
	 * priorities the one with the fewest workers on this node, then the oldest — so a
	 * small job submitted after a huge one gets the next worker that frees up.
	 * @param waiting by priority (highest first), then id; not empty
	 */
	private static JobSlots nextInLine(List<JobSlots> waiting) {
		JobSlots best = waiting.get(0);
		for (JobSlots slots : waiting) {
			if (slots.job().priority() < best.job().priority()) {
				break;
			}
			if (slots.runningLanes() < best.runningLanes()) {
				best = slots;
			}
		}
		return best;
	}

	/**
	 * The active jobs, read from the database only when something changed them (a submit,
	 * cancel, recovery or finish woke the dispatcher) or once per poll interval (other
	 * replicas); a finished chunk, the hot path, reuses the list it has.
	 */
	private List<ActiveJob> activeJobs(long now) {
		if (!this.jobsStale && now - this.jobsReadNanos < this.settings.pollInterval().toNanos()) {
			return this.active;
		}
		this.jobsStale = false;
		this.jobsReadNanos = now;
		this.active = this.lifecycle.activeJobs();
		Map<Long, ActiveJob> byId = new HashMap<>();
		for (ActiveJob job : this.active) {
			byId.put(job.id(), job);
			this.jobs.computeIfAbsent(job.id(), (id) -> new JobSlots(job)).update(job);
		}
		this.jobs.entrySet().removeIf((e) -> !byId.containsKey(e.getKey()) && e.getValue().runningLanes() == 0);
		this.jobCount = this.jobs.size();
		return this.active;
	}

	/**
	 * Stops the jobs whose deadline passed (by the database's clock; any replica may do
	 * it, the job row's lock makes it happen once): they become CANCELLING and are
	 * cancelled like any cancel, or FAILED at once when nothing of theirs runs.
	 * @return whether any job changed
	 */
	private boolean stopJobsPastDeadline(List<ActiveJob> active) {
		boolean changed = false;
		for (ActiveJob job : active) {
			if (!job.pastDeadline() || job.status() == JobStatus.CANCELLING) {
				continue;
			}
			Optional<JobStatus> stopped = this.lifecycle.stopPastDeadline(job.id());
			if (stopped.isPresent()) {
				changed = true;
				log.warn("[node {}] job {} passed its deadline: {}", this.nodeId, job.id(), stopped.get());
				this.events.job(job.id(), "WARN",
						JobLifecycle.DEADLINE_EXCEEDED + ": the job passed its deadline; "
								+ ((stopped.get() == JobStatus.FAILED) ? "job finished: FAILED"
										: "no new tasks start, running tasks are asked to stop"));
			}
		}
		return changed;
	}

	/**
	 * Claims up to {@code chunks} chunks of the job in one transaction and hands each to
	 * a worker. The claim itself holds the job's parallelism across all nodes.
	 * @return whether any chunk was handed out
	 */
	private boolean assignChunks(JobSlots slots, int chunks, long now) {
		ActiveJob job = slots.job();
		if (!slots.wantsChunk(now)) {
			return false;
		}
		if (job.status() == JobStatus.QUEUED) {
			this.lifecycle.markRunning(job.id());
			slots.update(job.withStatus(JobStatus.RUNNING));
			this.events.job(job.id(), "INFO",
					"job started on node " + this.nodeId + ": task type " + job.taskType() + ", parallelism "
							+ job.parallelism() + ", chunk size " + job.chunkSize()
							+ ((job.threadsPerWorker() > 1) ? ", threads per worker " + job.threadsPerWorker() : ""));
		}
		Claim claim = this.queue.claim(job.id(), this.nodeId, job.chunkSize(), chunks);
		if (claim.atParallelism()) {
			// other nodes run its parallelism; look again at the next poll
			slots.restUntil(now + this.settings.pollInterval().toNanos());
			return false;
		}
		if (claim.isEmpty()) {
			slots.restUntil(now + RECHECK_NANOS);
			if (slots.runningLanes() == 0) {
				finishIfComplete(job.id());
			}
			return false;
		}
		int assigned = 0;
		try {
			for (List<ClaimedTask> chunk : claim.chunks()) {
				WorkerSlot worker = this.pool.acquire(this.listener, job.id(), now);
				if (worker == null) {
					break;
				}
				int lane = worker.freeLane();
				worker.assign(new WorkerSlot.Chunk(job.id(), chunk, lane, claim.claimIds().get(assigned)),
						WorkerPool.lanesFor(job), now);
				slots.laneStarted();
				assigned++;
				if (worker.isReady()) {
					send(worker, runChunk(job, chunk, lane));
				}
			}
		}
		finally {
			// never leave a claim behind that no worker runs
			List<List<ClaimedTask>> unassigned = claim.chunks().subList(assigned, claim.chunks().size());
			if (!unassigned.isEmpty()) {
				this.queue.requeue(unassigned.stream().flatMap(List::stream).map(ClaimedTask::ref).toList());
			}
		}
		return assigned > 0;
	}

	private void cancel(JobSlots slots, long now) {
		if (!slots.isCancelling()) {
			this.events.job(slots.job().id(), "WARN", "cancel requested: no new tasks start; running tasks are asked "
					+ "to stop and their workers killed after " + this.settings.cancelGrace());
		}
		slots.markCancelling();
		for (WorkerSlot worker : this.pool.all()) {
			if (worker.jobId() != slots.job().id() || worker.cancelSentNanos() != 0) {
				continue;
			}
			if (!worker.isReady()) {
				for (WorkerSlot.Chunk chunk : worker.chunks()) {
					settle("cancel the chunk of a starting worker", () -> this.queue.cancel(chunk.undone()));
					chunkReleased(worker, chunk, now);
				}
				this.pool.retire(worker);
				continue;
			}
			worker.cancelSent(now);
			send(worker, new Message.Cancel(slots.job().id()));
		}
		if (slots.runningLanes() == 0) {
			finishIfComplete(slots.job().id());
		}
	}

	private void onReady(WorkerProcess process, long now) {
		WorkerSlot worker = this.pool.get(process.id());
		if (worker == null) {
			return;
		}
		worker.frameReceived(now);
		worker.markReady(now);
		for (WorkerSlot.Chunk chunk : worker.chunks()) {
			JobSlots slots = this.jobs.get(chunk.jobId());
			if (slots != null) {
				send(worker, runChunk(slots.job(), chunk.tasks(), chunk.lane()));
			}
		}
		this.dispatchRequested = !this.draining;
	}

	private void onTaskDone(WorkerProcess process, Message.TaskDone done, long now) {
		WorkerSlot worker = this.pool.get(process.id());
		WorkerSlot.Chunk chunk = (worker != null) ? worker.chunkOf(done.taskId()) : null;
		if (chunk == null) {
			return;
		}
		worker.frameReceived(now);
		this.metrics.taskDone(done.outcome(), done.durationMicros());
		JobSlots slots = this.jobs.get(chunk.jobId());
		if (done.outcome() == Message.TaskOutcome.SKIPPED) {
			boolean cancelling = slots != null && slots.isCancelling();
			settle("settle a skipped task", () -> this.settlements.skipped(done, cancelling));
		}
		else if (done.outcome() == Message.TaskOutcome.RETRY) {
			ClaimedTask task = chunk.find(done.taskId());
			if (task != null) {
				this.events.task(chunk.jobId(), task.index(), done.attempt(), "WARN",
						"task failed; re-queued for another attempt (its error is in the results)");
			}
		}
		WorkerSlot.Chunk finished = worker.taskDone(done.taskId(), done.outcome() != Message.TaskOutcome.SKIPPED, now);
		if (finished != null) {
			chunkFinished(worker, finished, slots, now);
		}
		else if (slots != null && LanePrefetch.isDue(worker, chunk, slots)) {
			this.dispatchRequested = true;
		}
	}

	private void chunkFinished(WorkerSlot worker, WorkerSlot.Chunk chunk, JobSlots slots, long now) {
		boolean cancelled = worker.cancelSentNanos() != 0;
		chunkReleased(worker, chunk, now);
		if (slots != null) {
			slots.chunkTook(now - chunk.startedNanos());
			slots.wakeUp();
		}
		this.dispatchRequested = true;
		if (worker.hasChunks()) {
			// its other lanes still run chunks of the job
			return;
		}
		int maxTasks = this.settings.maxTasksPerWorker();
		if (cancelled || (maxTasks > 0 && worker.tasksDone() >= maxTasks)) {
			this.pool.retire(worker);
		}
		else if (this.draining && worker.state() != WorkerSlot.State.STOPPING) {
			this.pool.retire(worker, this.settings.stopGrace());
		}
	}

	private void onExit(WorkerProcess process, int exitCode, String fatalReason) {
		WorkerSlot worker = this.pool.get(process.id());
		if (worker == null) {
			return;
		}
		this.pool.removed(process.id());
		this.metrics.workerExited(worker.hasChunks(), worker.killReason() != null);
		if (!worker.hasChunks()) {
			log.info("[node {}] worker {} (pid {}) exited with status {}", this.nodeId, process.id(), process.pid(),
					exitCode);
			return;
		}
		if (!worker.isReady() && worker.killReason() == null) {
			this.pool.spawnFailed(System.nanoTime());
		}
		List<WorkerSlot.Chunk> running = worker.heads();
		for (WorkerSlot.Chunk chunk : worker.chunks()) {
			JobSlots slots = this.jobs.get(chunk.jobId());
			if (this.draining || !running.contains(chunk)) {
				// shutdown, or a chunk queued in its lane that never started: charge
				// nothing
				settle("hand back a chunk", () -> this.settlements.handBack(chunk));
			}
			else {
				settle("settle a lost worker's chunk",
						() -> this.settlements.workerLost(worker, chunk, slots, exitCode, fatalReason));
			}
			chunkReleased(worker, chunk, System.nanoTime());
			if (slots != null) {
				slots.wakeUp();
			}
		}
		this.dispatchRequested = true;
	}

	/**
	 * The chunk left the worker (done, handed back or settled): its lane is free unless
	 * another chunk waits in it.
	 */
	private void chunkReleased(WorkerSlot worker, WorkerSlot.Chunk chunk, long now) {
		worker.releaseChunk(chunk, now);
		JobSlots slots = this.jobs.get(chunk.jobId());
		if (slots != null && worker.head(chunk.lane()) == null) {
			slots.laneEnded();
		}
	}

	private void finishIfComplete(long jobId) {
		this.lifecycle.finishIfComplete(jobId).ifPresent((status) -> {
			this.jobsStale = true;
			log.info("[node {}] job {} finished: {}", this.nodeId, jobId, status);
			this.events.job(jobId, (status == JobStatus.SUCCEEDED) ? "INFO" : "WARN", "job finished: " + status);
		});
	}

	private void send(WorkerSlot worker, Message message) {
		try {
			worker.process().send(message);
		}
		catch (RuntimeException ex) {
			this.pool.kill(worker, "cannot send to worker: " + ex.getMessage());
		}
	}

	private static Message.RunChunk runChunk(ActiveJob job, List<ClaimedTask> tasks, int lane) {
		RetryPolicy retry = job.retry();
		List<Message.TaskItem> items = tasks.stream()
			.map((t) -> new Message.TaskItem(t.taskId(), t.index(), t.attempt(), t.failures(), t.inputJson(),
					retry.backoff().delayMicros(t.failures(), ThreadLocalRandom.current().nextDouble())))
			.toList();
		// taskTimeoutMillis 0: the parent enforces the timeout by killing the worker, so
		// a task that ignores interrupts cannot outlive it and the worker's state is
		// never suspect
		return new Message.RunChunk(job.id(), job.taskType(), job.paramsJson(), 0, job.maxAttempts(),
				retry.retries(FailureCause.ERROR), retry.retries(FailureCause.TIMEOUT), items, lane);
	}

	private void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private final class Listener implements WorkerListener {

		@Override
		public void onReady(WorkerProcess worker, Message.Ready ready) {
			Dispatcher.this.inbox.offer(() -> Dispatcher.this.onReady(worker, System.nanoTime()));
		}

		@Override
		public void onTaskDone(WorkerProcess worker, Message.TaskDone done) {
			Dispatcher.this.inbox.offer(() -> Dispatcher.this.onTaskDone(worker, done, System.nanoTime()));
		}

		@Override
		public void onTaskRunning(WorkerProcess worker, Message.TaskRunning running) {
			Dispatcher.this.inbox.offer(() -> {
				long now = System.nanoTime();
				WorkerSlot slot = Dispatcher.this.pool.get(worker.id());
				if (slot != null) {
					slot.frameReceived(now);
					slot.taskRunning(running.taskId(), TimeUnit.MICROSECONDS.toNanos(running.runningForMicros()), now);
				}
			});
		}

		@Override
		public void onHeartbeat(WorkerProcess worker, Message.Heartbeat heartbeat) {
			Dispatcher.this.inbox.offer(() -> {
				WorkerSlot slot = Dispatcher.this.pool.get(worker.id());
				if (slot != null) {
					slot.frameReceived(System.nanoTime());
				}
			});
		}

		@Override
		public void onExit(WorkerProcess worker, int exitCode, String fatalReason) {
			Dispatcher.this.inbox.offer(() -> Dispatcher.this.onExit(worker, exitCode, fatalReason));
		}

	}

}
