package dev.workpool.worker.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;

/**
 * A Class Data Sharing archive of the classes a worker loads, so later workers start in
 * about half the time and share those pages. Made once per class path, JVM and options,
 * in the background, by a training run of the worker ({@code WorkerMain --training} with
 * {@code -XX:ArchiveClassesAtExit}, which also goes through the database without changing
 * anything); until it exists, workers start without it. A stale or unusable archive is
 * ignored by the JVM ({@code -Xshare:auto}).
 */
final class WorkerCds {

	private static final Logger logger = LoggerFactory.getLogger(WorkerCds.class);

	private static final long TRAINING_TIMEOUT_SECONDS = 120;

	private final Path archive;

	private final List<String> trainingCommand;

	/** The training run's stdin: an Init naming the database, or nothing. */
	private final Message.Init trainingInit;

	private final AtomicBoolean trainingStarted = new AtomicBoolean();

	/**
	 * @param java the java executable
	 * @param jvmOptions the worker's JVM options (the archive is made with them)
	 * @param classpath the worker's plain class path
	 * @param cacheRoot where archives are kept
	 * @param db the database the training run goes through (changing nothing, see
	 * {@code WorkerTraining}), or null to train without one
	 * @param nodeId the node the training run's lock is recorded for
	 */
	WorkerCds(String java, List<String> jvmOptions, String classpath, Path cacheRoot, Message.DbSettings db,
			String nodeId) {
		String key = WorkerJarCache.sha256(String.join("\u0000", jvmOptions) + "|" + classpath + "|"
				+ System.getProperty("java.vm.version") + "|" + System.getProperty("java.home"));
		this.archive = cacheRoot.resolve("cds").resolve("worker-" + key.substring(0, 16) + ".jsa").toAbsolutePath();
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(WorkerLauncher.JVM_LOGGING);
		command.addAll(jvmOptions);
		command.add("-XX:ArchiveClassesAtExit=" + this.archive + ".tmp-" + ProcessHandle.current().pid());
		command.addAll(List.of("-cp", classpath, WorkerClasspath.WORKER_MAIN, "--training"));
		this.trainingCommand = List.copyOf(command);
		this.trainingInit = (db != null)
				? new Message.Init(Message.PROTOCOL_VERSION, "cds-training", nodeId, db, 0, null, null, null) : null;
	}

	/**
	 * Starts making the archive in the background unless it exists or is being made.
	 */
	void prepare() {
		if (!Files.isRegularFile(this.archive) && this.trainingStarted.compareAndSet(false, true)) {
			Thread thread = new Thread(this::train, "worker-cds-training");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/**
	 * The JVM options that use the archive, or none while it does not exist yet (then it
	 * is {@link #prepare prepared}, if nobody started that yet).
	 */
	List<String> options() {
		if (Files.isRegularFile(this.archive)) {
			return List.of("-XX:SharedArchiveFile=" + this.archive, "-Xshare:auto");
		}
		prepare();
		return List.of();
	}

	/**
	 * Whether CDS can archive this class path: the JVM archives classes from jars only
	 * and refuses to dump with a non-empty directory on it (as in development builds).
	 */
	static boolean archivable(String classpath) {
		for (String entry : classpath.split(java.io.File.pathSeparator)) {
			if (Files.isDirectory(Path.of(entry))) {
				return false;
			}
		}
		return true;
	}

	Path archive() {
		return this.archive;
	}

	private void train() {
		Path temporary = Path.of(this.archive + ".tmp-" + ProcessHandle.current().pid());
		try {
			Files.createDirectories(this.archive.getParent());
			if (runTraining() && Files.isRegularFile(temporary)) {
				Files.move(temporary, this.archive, StandardCopyOption.ATOMIC_MOVE,
						StandardCopyOption.REPLACE_EXISTING);
				logger.info("Worker CDS archive ready: {}", this.archive);
			}
		}
		catch (IOException ex) {
			logger.warn("Worker CDS archive: cannot make it ({}); workers start without it", ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException ex) {
				// best effort
			}
		}
	}

	/**
	 * Runs the training to its end, its Init (if any) on stdin; false (and a warning) if
	 * it failed or took too long.
	 */
	private boolean runTraining() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(this.trainingCommand).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try (OutputStream stdin = process.getOutputStream()) {
			if (this.trainingInit != null) {
				new FrameCodec(null, stdin).write(this.trainingInit);
			}
		}
		if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor();
			logger.warn("Worker CDS archive: the training run took over {} s; workers start without it",
					TRAINING_TIMEOUT_SECONDS);
			return false;
		}
		if (process.exitValue() != 0) {
			logger.warn("Worker CDS archive: the training run exited with {}; workers start without it",
					process.exitValue());
			return false;
		}
		return true;
	}

}
