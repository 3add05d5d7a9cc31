package dev.workpool.worker.runtime;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.IntConsumer;

import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.MalformedFrameException;
import dev.workpool.worker.protocol.WorkerExitCodes;

/**
 * Entry point of a worker process (plain Java, no Spring). The real stdout carries
 * protocol frames only; {@code System.out} is redirected to stderr so task code that
 * prints cannot corrupt the protocol. Frames are read from stdin; the process exits when
 * stdin ends or its parent process is gone.
 *
 * <p>
 * System properties: {@code workpool.worker.id} (set by the launcher, for {@code ps} and
 * the log prefix before Init), {@code workpool.worker.db-retry-millis} (how long result
 * writes are retried before the worker gives up, default 30000).
 */
public final class WorkerMain {

	private WorkerMain() {
	}

	public static void main(String[] args) throws IOException, ClassNotFoundException {
		PrintStream err = System.err;
		WorkerLog log = new WorkerLog(err, System.getProperty("workpool.worker.id", "?"),
				ProcessHandle.current().pid());
		configureLogging(log);
		if (args.length > 0 && args[0].equals("--training")) {
			System.exit(WorkerTraining.run(System.in));
		}
		FrameCodec out = new FrameCodec(null,
				new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
		System.setOut(err);
		FrameCodec in = new FrameCodec(System.in, null);
		IntConsumer exit = (status) -> {
			err.flush();
			System.exit(status);
		};
		watchParent(log, exit);
		long retryMillis = Long.getLong("workpool.worker.db-retry-millis", 30_000);
		Worker worker = new Worker(in, out, err, exit, Duration.ofMillis(retryMillis));
		try {
			exit.accept(worker.run());
		}
		catch (EOFException ex) {
			log.info("stdin ended inside a frame: the parent is gone, exiting");
			exit.accept(WorkerExitCodes.OK);
		}
		catch (MalformedFrameException ex) {
			log.error("Unreadable frame from the parent", ex);
			exit.accept(WorkerExitCodes.PROTOCOL_ERROR);
		}
		catch (Throwable ex) {
			log.error("Worker failed", ex);
			exit.accept(WorkerExitCodes.INTERNAL_ERROR);
		}
	}

	/** Backup for a closed stdin: exit when the parent process is gone. */
	private static void watchParent(WorkerLog log, IntConsumer exit) {
		ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> {
			log.info("Parent process " + parent.pid() + " is gone, exiting");
			exit.accept(WorkerExitCodes.OK);
		}));
	}

	/**
	 * Libraries (HikariCP, the driver) log through SLF4J: to the real stderr at INFO, by
	 * {@link WorkerSlf4jProvider}, not by the service's Logback.
	 */
	private static void configureLogging(WorkerLog log) {
		System.setProperty("slf4j.provider", WorkerSlf4jProvider.class.getName());
		// SLF4J would announce the chosen provider on stderr at every start
		System.setProperty("slf4j.internal.verbosity", "WARN");
		WorkerSlf4jProvider.writeTo(log);
	}

}
