package dev.workpool.embeddeddb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops MariaDB servers still running on a data directory. A JVM killed with
 * {@code kill -9} cannot stop its {@code mariadbd}, which then keeps the data directory
 * locked; the next owner must stop it before starting its own.
 * <p>
 * A process is a candidate when its pid is in the server's pid file or it is any process
 * on the machine; it is stopped only when {@link ServerProcess#servesDataDir(Path)}
 * confirms it is a MariaDB server on this very data directory. Stopping is
 * {@code SIGTERM}, a bounded wait, then {@code SIGKILL}.
 */
final class OrphanReaper {

	private static final Logger logger = LoggerFactory.getLogger(OrphanReaper.class);

	private static final Duration KILL_WAIT = Duration.ofSeconds(5);

	private final Path dataDir;

	private final Path pidFile;

	private final Duration stopTimeout;

	OrphanReaper(Path dataDir, Path pidFile, Duration stopTimeout) {
		this.dataDir = dataDir;
		this.pidFile = pidFile;
		this.stopTimeout = stopTimeout;
	}

	/** MariaDB servers, other than this JVM's own children, running on the data dir. */
	List<ProcessHandle> findOrphans() {
		return findServers().filter((handle) -> !isChildOfThisJvm(handle)).toList();
	}

	/** Whether this JVM already runs a MariaDB server on the data dir. */
	boolean ownServerRunning() {
		return findServers().anyMatch(OrphanReaper::isChildOfThisJvm);
	}

	/** MariaDB servers running on the data dir, whoever started them. */
	Stream<ProcessHandle> findServers() {
		Stream<ProcessHandle> fromPidFile = ServerProcess.readPidFile(this.pidFile).flatMap(ProcessHandle::of).stream();
		return Stream.concat(fromPidFile, ProcessHandle.allProcesses())
			.filter((handle) -> handle.pid() != ProcessHandle.current().pid())
			.filter((handle) -> ServerProcess.describe(handle)
				.filter((process) -> process.servesDataDir(this.dataDir))
				.isPresent())
			.distinct();
	}

	/** Stops every orphan; returns the pids it stopped. */
	List<Long> reap() {
		List<ProcessHandle> orphans = findOrphans();
		for (ProcessHandle orphan : orphans) {
			logger.warn(
					"Found mariadbd pid {} still running on {}, left behind by a previous owner that died; stopping it",
					orphan.pid(), this.dataDir);
			stop(orphan);
		}
		return orphans.stream().map(ProcessHandle::pid).toList();
	}

	/**
	 * Asks the process to stop, waits up to the stop timeout, then kills it. Returns
	 * whether it is gone.
	 */
	boolean stop(ProcessHandle process) {
		process.destroy();
		if (awaitExit(process, this.stopTimeout)) {
			logger.info("mariadbd pid {} on {} stopped", process.pid(), this.dataDir);
			return true;
		}
		logger.warn("mariadbd pid {} on {} did not stop within {}; killing it", process.pid(), this.dataDir,
				this.stopTimeout);
		process.destroyForcibly();
		boolean gone = awaitExit(process, KILL_WAIT);
		if (!gone) {
			logger.error("mariadbd pid {} on {} is still alive after SIGKILL", process.pid(), this.dataDir);
		}
		return gone;
	}

	private static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return !process.isAlive();
		}
		catch (ExecutionException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	private static boolean isChildOfThisJvm(ProcessHandle handle) {
		return handle.parent().map((parent) -> parent.pid() == ProcessHandle.current().pid()).orElse(false);
	}

}
