package dev.workpool.worker.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.Init;

/**
 * Starts worker processes: {@code <java.home>/bin/java}, JVM logging to stderr, the
 * configured JVM options, the classpath of {@link WorkerClasspath}, then sends the Init
 * frame (which carries the database password: it never appears on the command line).
 */
public final class WorkerLauncher {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLauncher.class);

	/**
	 * The JVM writes to stdout by default — unified-logging warnings, and its own
	 * messages such as {@code Terminating due to java.lang.OutOfMemoryError} from
	 * {@code -XX:+ExitOnOutOfMemoryError} — which would corrupt the protocol: send all of
	 * it to stderr instead.
	 */
	static final List<String> JVM_LOGGING = List.of("-Xlog:disable", "-Xlog:all=warning:stderr",
			"-XX:+DisplayVMOutputToStderr");

	private final LaunchSettings settings;

	private final WorkerClasspath classpath;

	private final WorkerCds cds;

	/** The configured worker JVM options and those added to them, fixed at start. */
	private final List<String> jvmOptions;

	public WorkerLauncher(LaunchSettings settings) {
		this(settings, WorkerClasspath.detect());
	}

	public WorkerLauncher(LaunchSettings settings, WorkerClasspath classpath) {
		this(settings, classpath, null);
	}

	WorkerLauncher(LaunchSettings settings, WorkerClasspath classpath, WorkerCds cds) {
		this.settings = settings;
		this.classpath = classpath;
		this.cds = cds;
		this.jvmOptions = jvmOptions(settings);
	}

	/** The configured worker JVM options and those added to them. */
	private static List<String> jvmOptions(LaunchSettings settings) {
		List<String> options = new ArrayList<>(settings.jvmOptions());
		options.addAll(NativeHeapTrim.options(settings.jvmOptions()));
		return List.copyOf(options);
	}

	/**
	 * The launcher for this installation: from an executable jar, workers run from its
	 * classes extracted once under {@code cacheDir} (falling back to Boot's launcher if
	 * that fails); with {@code classDataSharing}, from a CDS archive made in the
	 * background from the start (workers launched before it is ready start without it).
	 */
	public static WorkerLauncher forInstallation(LaunchSettings settings, Path cacheDir, boolean classDataSharing) {
		WorkerClasspath classpath = WorkerClasspath.detect();
		if (classpath.mainClass().equals(WorkerClasspath.BOOT_PROPERTIES_LAUNCHER)) {
			try {
				classpath = new WorkerClasspath(WorkerJarCache.classpath(Path.of(classpath.classpath()), cacheDir),
						List.of(), WorkerClasspath.WORKER_MAIN);
			}
			catch (RuntimeException ex) {
				logger.warn("Workers start through Spring Boot's launcher (slower): {}", ex.getMessage());
			}
		}
		WorkerCds cds = (classDataSharing && classpath.mainClass().equals(WorkerClasspath.WORKER_MAIN)
				&& WorkerCds.archivable(classpath.classpath()))
						? new WorkerCds(java(), jvmOptions(settings), classpath.classpath(), cacheDir, settings.db(),
								settings.nodeId())
						: null;
		if (cds != null) {
			// made now, in the background, so the node's first workers already start with
			// it
			cds.prepare();
		}
		return new WorkerLauncher(settings, classpath, cds);
	}

	/**
	 * Starts a worker and sends it Init. The listener's onReady follows when it is ready;
	 * if it dies first, onExit follows instead.
	 * @throws WorkerLaunchException if the process cannot be started at all
	 */
	public WorkerProcess launch(String workerId, WorkerListener listener) {
		Process process;
		try {
			process = new ProcessBuilder(command(workerId)).start();
		}
		catch (IOException ex) {
			throw new WorkerLaunchException(workerId, ex.getMessage(), ex);
		}
		WorkerProcess worker = new WorkerProcess(workerId, process, listener, this.settings.stopGrace());
		worker.start();
		logger.debug("[worker {} pid {}] Started", workerId, process.pid());
		try {
			worker.send(new Init(Message.PROTOCOL_VERSION, workerId, this.settings.nodeId(), this.settings.db(),
					this.settings.heartbeatInterval().toMillis(), absolute(this.settings.logDir()),
					absolute(this.settings.pluginsDir()), this.settings.taskSettingsJson()));
		}
		catch (WorkerUnavailableException ex) {
			logger.warn("[worker {} pid {}] Died before Init: {}", workerId, process.pid(), ex.getMessage());
		}
		return worker;
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String absolute(Path path) {
		return (path != null) ? path.toAbsolutePath().toString() : null;
	}

	/** The full command line of a worker. */
	List<String> command(String workerId) {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(JVM_LOGGING);
		command.addAll(this.jvmOptions);
		if (this.cds != null) {
			command.addAll(this.cds.options());
		}
		command.add("-Dworkpool.worker.id=" + workerId);
		command.addAll(this.classpath.arguments());
		return command;
	}

}
