package dev.workpool.worker.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.Cancel;
import dev.workpool.worker.protocol.Message.Fatal;
import dev.workpool.worker.protocol.Message.Heartbeat;
import dev.workpool.worker.protocol.Message.Init;
import dev.workpool.worker.protocol.Message.Ready;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.Shutdown;
import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.Trim;
import dev.workpool.worker.protocol.WorkerExitCodes;

/**
 * The worker's frame loop on the main thread: Init, then RunChunk / Cancel / Shutdown
 * until stdin ends. Chunks run on "task-lane-N" threads, one per lane: the chunks of a
 * lane one after the other in the order they arrived (the parent queues a lane's next
 * chunk before its current one ends), different lanes at once (a job's
 * {@code threadsPerWorker}). Results are written on the "results" thread; heartbeats and
 * task timeouts on the "timer" thread.
 */
final class Worker {

	/** A task running this long is announced to the parent (TaskRunning). */
	static final long ANNOUNCE_AFTER_MILLIS = 100;

	private final FrameCodec in;

	private final FrameCodec out;

	private final PrintStream err;

	private final IntConsumer exit;

	private final Duration dbRetryFor;

	private final long pid = ProcessHandle.current().pid();

	/** The committed heap at start (the starting heap, -Xms), for {@link IdleHeap}. */
	private final long heapAtStart = Runtime.getRuntime().totalMemory();

	private final Queue<ChunkRun> chunks = new ConcurrentLinkedQueue<>();

	private WorkerLog log;

	private Channel channel;

	private LazyDataSource dataSource;

	private ResultRecorder recorder;

	private ChunkRunner runner;

	private final Map<Integer, ExecutorService> lanes = new ConcurrentHashMap<>();

	private ScheduledExecutorService timer;

	private volatile boolean shuttingDown;

	Worker(FrameCodec in, FrameCodec out, PrintStream err, IntConsumer exit, Duration dbRetryFor) {
		this.in = in;
		this.out = out;
		this.err = err;
		this.exit = exit;
		this.dbRetryFor = dbRetryFor;
		this.log = new WorkerLog(err, System.getProperty("workpool.worker.id", "?"), this.pid);
		this.channel = new Channel(out, this.log, exit);
	}

	/** Runs until stdin ends or the worker exits; returns the exit status. */
	int run() throws IOException {
		Message first = this.in.read();
		if (!(first instanceof Init init) || init.protocolVersion() != Message.PROTOCOL_VERSION) {
			String reason = "Expected Init of protocol version " + Message.PROTOCOL_VERSION
					+ " as the first frame, got " + first;
			this.log.warn(reason);
			this.channel.send(new Fatal(reason));
			return WorkerExitCodes.PROTOCOL_ERROR;
		}
		start(init);
		while (true) {
			Message message = this.in.read();
			if (message == null) {
				this.log.info("stdin closed: the parent is gone, exiting");
				return WorkerExitCodes.OK;
			}
			handle(message);
		}
	}

	private void start(Init init) {
		this.log = new WorkerLog(this.err, init.workerId(), this.pid);
		this.channel = new Channel(this.out, this.log, this.exit);
		this.dataSource = new LazyDataSource(init.db(), init.workerId(), this.dbRetryFor.toMillis());
		this.recorder = new ResultRecorder(this.dataSource, this.pid, this.channel::sendAll, this::databaseLost,
				this.dbRetryFor, this.log);
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable, "timer"));
		TaskRegistryHolder registry = new TaskRegistryHolder(Worker.class.getClassLoader(), init.pluginsDir(),
				init.taskSettingsJson());
		TaskLog taskLog = new TaskLog(this.dataSource, init.logDir(), init.nodeId(), this.pid, this.log, this.timer);
		OutputCapture capture = new OutputCapture(taskLog, this.err, this.log);
		System.setOut(capture.stdout());
		System.setErr(capture.stderr());
		capture.startFlusher();
		Runtime.getRuntime().addShutdownHook(new Thread(capture::endAll, "output-flush"));
		this.runner = new ChunkRunner(registry, this.dataSource, this.recorder, this.timer, this.log, taskLog, capture);
		this.channel.send(new Ready(this.pid, Message.PROTOCOL_VERSION));
		long interval = Math.max(10, init.heartbeatIntervalMillis());
		this.timer.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
		this.timer.scheduleAtFixedRate(this::announceLongTasks, ANNOUNCE_AFTER_MILLIS, ANNOUNCE_AFTER_MILLIS,
				TimeUnit.MILLISECONDS);
		this.log.info("Ready (node " + init.nodeId() + ", database " + init.db().jdbcUrl() + ")");
		daemon(() -> warmUp(registry), "warm-up").start();
	}

	/**
	 * Loads what the first chunk needs (task types, Jackson, logging, HikariCP, the JDBC
	 * driver) while the worker waits for it. Opens no connection.
	 */
	private void warmUp(TaskRegistryHolder registry) {
		try {
			loadFirstChunkClasses(registry, this.dataSource);
		}
		catch (Throwable ex) {
			this.log.warn("Warm-up failed (ignored): " + ex);
		}
	}

	/**
	 * Loads what a first chunk needs without connecting anywhere: task types, Jackson,
	 * HikariCP's configuration, the JDBC driver, the dating of task starts (its
	 * wall-clock anchor is read here). Also the training run of the CDS archive.
	 */
	static void loadFirstChunkClasses(TaskRegistryHolder registry, LazyDataSource dataSource)
			throws ClassNotFoundException {
		registry.get();
		JsonValues.write(JsonValues.parse("{\"warm\":[1,1.5,\"up\",true,null],\"n\":{\"a\":\"b\"}}"));
		StartDates.WORKER.format(System.nanoTime());
		dataSource.config();
		Class.forName("com.mysql.cj.jdbc.Driver", true, Worker.class.getClassLoader());
	}

	private void handle(Message message) {
		if (message instanceof RunChunk chunk) {
			runChunk(chunk);
		}
		else if (message instanceof Cancel cancel) {
			this.chunks.stream().filter((run) -> run.jobId() == cancel.jobId()).forEach(ChunkRun::cancel);
			this.log.forJob(cancel.jobId()).info("Cancel received");
		}
		else if (message instanceof Shutdown) {
			shutdown();
		}
		else if (message instanceof Trim) {
			trim();
		}
		else {
			this.log.warn("Ignoring unexpected frame " + message);
		}
	}

	private void runChunk(RunChunk chunk) {
		if (this.shuttingDown) {
			this.log.forJob(chunk.jobId()).warn("Chunk received after Shutdown: all its tasks are skipped");
			chunk.tasks()
				.forEach((item) -> this.channel
					.send(new TaskDone(item.taskId(), item.attempt(), Message.TaskOutcome.SKIPPED, 0)));
			return;
		}
		ChunkRun run = new ChunkRun(chunk);
		this.chunks.add(run);
		ExecutorService lane = this.lanes.computeIfAbsent(chunk.lane(),
				(n) -> Executors.newSingleThreadExecutor((runnable) -> daemon(runnable, "task-lane-" + n)));
		// a connection for each lane (its chunk's transaction), one for the result writer
		this.dataSource.ensureSize(this.lanes.size() + 1);
		lane.execute(() -> {
			try {
				this.runner.run(run);
			}
			catch (Throwable ex) {
				this.log.forJob(chunk.jobId()).error("Chunk failed unexpectedly", ex);
			}
			finally {
				this.chunks.remove(run);
			}
		});
	}

	/**
	 * The parent found this worker idle: gives back what its chunks grew. Lane threads
	 * end (a new chunk starts its lane's thread again), the pool goes back to its
	 * configured size, and the heap shrinks ({@link IdleHeap}). Runs on the frame loop,
	 * so a chunk sent after the Trim starts after it.
	 */
	private void trim() {
		List<ExecutorService> ended = List.copyOf(this.lanes.values());
		ended.forEach(ExecutorService::shutdown);
		this.lanes.clear();
		int dropped = this.dataSource.shrink();
		// the heap shrinks to what is live: once the lane threads and the dropped
		// connections are gone (a chunk that arrives meanwhile just runs)
		daemon(() -> {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
			try {
				for (ExecutorService lane : ended) {
					lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				if (dropped > 0) {
					this.dataSource.awaitShrunk(deadline);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			IdleHeap.Shrunk heap = IdleHeap.shrink(this.heapAtStart);
			this.log.info("Idle: ended " + ended.size() + " lane threads, sized the pool " + dropped
					+ " connections smaller, heap committed " + heap);
		}, "trim").start();
	}

	/** Finish the running tasks, skip the rest, flush, close the pool, exit 0. */
	private void shutdown() {
		this.log.info("Shutdown requested: finishing the running tasks");
		this.shuttingDown = true;
		this.chunks.forEach(ChunkRun::stopAfterCurrentTask);
		Thread stopper = new Thread(() -> {
			try {
				for (ExecutorService lane : this.lanes.values()) {
					lane.shutdown();
					lane.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
				}
				this.recorder.flush().get();
				this.recorder.close();
				this.dataSource.close();
				this.log.info("Shut down");
				this.exit.accept(WorkerExitCodes.OK);
			}
			catch (InterruptedException | ExecutionException ex) {
				this.log.error("Shutdown failed", ex);
				this.exit.accept(WorkerExitCodes.INTERNAL_ERROR);
			}
		}, "shutdown");
		stopper.start();
	}

	private void heartbeat() {
		try {
			long running = this.chunks.stream()
				.mapToLong(ChunkRun::currentTaskId)
				.filter((id) -> id >= 0)
				.findFirst()
				.orElse(-1);
			this.channel.send(new Heartbeat(running));
		}
		catch (Throwable ex) {
			this.log.warn("Heartbeat failed", ex);
		}
	}

	/**
	 * Tells the parent which tasks have run for a while: their TaskDone frames may lag
	 * (ADR 9), and the parent times tasks out and charges kills by the task it thinks
	 * runs.
	 */
	private void announceLongTasks() {
		try {
			for (ChunkRun run : this.chunks) {
				run.announcement(TimeUnit.MILLISECONDS.toNanos(ANNOUNCE_AFTER_MILLIS)).ifPresent(this.channel::send);
			}
		}
		catch (Throwable ex) {
			this.log.warn("Announcing running tasks failed", ex);
		}
	}

	private void databaseLost(String reason) {
		this.channel.send(new Fatal(reason));
		this.exit.accept(WorkerExitCodes.DATABASE_LOST);
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
