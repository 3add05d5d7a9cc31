package dev.workpool.worker.launcher;

import java.util.Map;

import dev.workpool.worker.protocol.WorkerExitCodes;

/** Human-readable descriptions of worker exit statuses. */
public final class ExitStatus {

	private static final Map<Integer, String> SIGNALS = Map.ofEntries(Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"),
			Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"), Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"),
			Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"),
			Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"));

	private ExitStatus() {
	}

	/**
	 * For example {@code "killed by SIGKILL (exit status 137)"} or
	 * {@code "exited normally (exit status 0)"}.
	 */
	public static String describe(int exitCode) {
		return meaning(exitCode) + " (exit status " + exitCode + ")";
	}

	private static String meaning(int exitCode) {
		if (exitCode > 128 && exitCode < 160) {
			int signal = exitCode - 128;
			return "killed by " + SIGNALS.getOrDefault(signal, "signal " + signal);
		}
		return switch (exitCode) {
			case WorkerExitCodes.OK -> "exited normally";
			case 1 -> "failed to start or crashed (see its stderr)";
			case WorkerExitCodes.PROTOCOL_ERROR -> "refused the protocol (bad Init or unreadable frame)";
			case WorkerExitCodes.DATABASE_LOST -> "could not record results (database lost)";
			case WorkerExitCodes.OUT_OF_MEMORY -> "ran out of memory (OutOfMemoryError)";
			case WorkerExitCodes.INTERNAL_ERROR -> "failed internally (see its stderr)";
			default -> "exited with an error";
		};
	}

}
