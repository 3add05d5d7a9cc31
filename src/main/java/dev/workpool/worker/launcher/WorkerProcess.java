package dev.workpool.worker.launcher;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.MalformedFrameException;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.Fatal;
import dev.workpool.worker.protocol.Message.Heartbeat;
import dev.workpool.worker.protocol.Message.TaskRunning;
import dev.workpool.worker.protocol.Message.Ready;
import dev.workpool.worker.protocol.Message.Shutdown;
import dev.workpool.worker.protocol.Message.TaskDone;

/**
 * The parent's handle on one worker process. A reader thread decodes the worker's stdout
 * frames and calls the {@link WorkerListener}; a daemon thread drains its stderr. When
 * stdout ends, the reader reaps the process, waits for stderr to drain and calls
 * {@link WorkerListener#onExit onExit} once.
 */
public final class WorkerProcess {

	private static final Logger logger = LoggerFactory.getLogger(WorkerProcess.class);

	/** Bound on each wait after a kill: reaping, draining, the onExit callback. */
	private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);

	private final String id;

	private final Process process;

	private final Instant startedAt;

	private final WorkerListener listener;

	private final Duration defaultGrace;

	private final String prefix;

	private final FrameCodec codec;

	private final StderrPump stderr;

	private final Thread stderrThread;

	private final Thread reader;

	private final AtomicBoolean stopRequested = new AtomicBoolean();

	private final CountDownLatch terminated = new CountDownLatch(1);

	private volatile String fatalReason;

	WorkerProcess(String id, Process process, WorkerListener listener, Duration defaultGrace) {
		this.id = id;
		this.process = process;
		this.startedAt = Instant.now();
		this.listener = listener;
		this.defaultGrace = defaultGrace;
		this.prefix = "[worker " + id + " pid " + process.pid() + "] ";
		this.codec = new FrameCodec(process.getInputStream(), process.getOutputStream());
		this.stderr = new StderrPump(process.getErrorStream(), this.prefix);
		this.stderrThread = daemon(this.stderr, "worker-" + id + "-stderr");
		this.reader = daemon(this::readFrames, "worker-" + id + "-reader");
	}

	void start() {
		this.stderrThread.start();
		this.reader.start();
	}

	public String id() {
		return this.id;
	}

	public long pid() {
		return this.process.pid();
	}

	public Instant startedAt() {
		return this.startedAt;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The last ~4 KB the worker wrote to stderr. */
	public String stderrTail() {
		return this.stderr.tail();
	}

	/**
	 * Sends a message; thread-safe.
	 * @throws WorkerUnavailableException if the worker's stdin is closed; onExit follows
	 */
	public void send(Message message) {
		try {
			this.codec.write(message);
		}
		catch (IOException ex) {
			throw new WorkerUnavailableException(this.id, pid(), ex);
		}
	}

	/** {@link #stop(Duration)} with the launch settings' stop grace. */
	public void stop() {
		stop(this.defaultGrace);
	}

	/**
	 * Asks the worker to finish its current task and exit, waits up to {@code grace},
	 * then kills it and its descendants; reaps it and waits for its streams to drain and
	 * onExit to run. Idempotent; bounded by grace plus a few seconds.
	 */
	public void stop(Duration grace) {
		if (this.stopRequested.compareAndSet(false, true) && this.process.isAlive()) {
			try {
				send(new Shutdown());
			}
			catch (WorkerUnavailableException ex) {
				logger.debug("{}Shutdown not delivered: {}", this.prefix, ex.getMessage());
			}
			if (!waitFor(grace)) {
				logger.warn("{}Did not exit within {} ms of Shutdown; killing it", this.prefix, grace.toMillis());
				destroyTree();
			}
		}
		awaitTermination();
	}

	/** Kills the worker and its descendants now, then reaps it. */
	public void kill() {
		this.stopRequested.set(true);
		destroyTree();
		awaitTermination();
	}

	private void readFrames() {
		try {
			Message message;
			while ((message = this.codec.read()) != null) {
				dispatch(message);
			}
		}
		catch (MalformedFrameException ex) {
			logger.error("{}Corrupt protocol stream, killing the worker: {}", this.prefix, ex.getMessage());
			destroyTree();
		}
		catch (IOException ex) {
			logger.debug("{}stdout ended: {}", this.prefix, ex.getMessage());
		}
		catch (Throwable ex) {
			logger.error("{}Reader failed, killing the worker", this.prefix, ex);
			destroyTree();
		}
		finally {
			exited();
		}
	}

	private void dispatch(Message message) {
		try {
			if (message instanceof TaskDone done) {
				this.listener.onTaskDone(this, done);
			}
			else if (message instanceof Heartbeat heartbeat) {
				this.listener.onHeartbeat(this, heartbeat);
			}
			else if (message instanceof TaskRunning running) {
				this.listener.onTaskRunning(this, running);
			}
			else if (message instanceof Ready ready) {
				logger.debug("{}Ready after {} ms", this.prefix,
						Duration.between(this.startedAt, Instant.now()).toMillis());
				this.listener.onReady(this, ready);
			}
			else if (message instanceof Fatal fatal) {
				logger.warn("{}Fatal: {}", this.prefix, fatal.reason());
				this.fatalReason = fatal.reason();
			}
			else {
				logger.warn("{}Ignoring unexpected frame {}", this.prefix, message);
			}
		}
		catch (RuntimeException ex) {
			logger.error("{}Listener failed on {}", this.prefix, message, ex);
		}
	}

	/** stdout ended: reap, drain stderr, report once. Runs on the reader thread. */
	private void exited() {
		try {
			if (!waitFor(Duration.ofSeconds(5))) {
				logger.warn("{}Closed stdout but is still running; killing it", this.prefix);
				destroyTree();
				waitFor(REAP_TIMEOUT);
			}
			this.stderrThread.join(REAP_TIMEOUT.toMillis());
			int exitCode = this.process.isAlive() ? -1 : this.process.exitValue();
			logExit(exitCode);
			this.listener.onExit(this, exitCode, this.fatalReason);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("{}Listener failed on exit", this.prefix, ex);
		}
		finally {
			this.terminated.countDown();
		}
	}

	private void logExit(int exitCode) {
		String description = ExitStatus.describe(exitCode);
		if (exitCode == 0 || (this.stopRequested.get() && exitCode == 137)) {
			logger.info("{}{}", this.prefix, description);
		}
		else {
			logger.warn("{}{}{}; stderr tail:\n{}", this.prefix, description,
					(this.fatalReason != null) ? "; fatal: " + this.fatalReason : "", stderrTail());
		}
	}

	private void destroyTree() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
	}

	private boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !this.process.isAlive();
		}
	}

	/** Waits for onExit to have run, unless called from a listener callback. */
	private void awaitTermination() {
		if (Thread.currentThread() == this.reader) {
			return;
		}
		try {
			if (!this.terminated.await(REAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("{}Not terminated {} s after stop/kill", this.prefix, REAP_TIMEOUT.toSeconds());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "WorkerProcess[" + this.id + ", pid " + pid() + "]";
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
