package dev.workpool.embeddeddb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the operating system tells about a process: enough to decide whether it is a
 * MariaDB server working on a given data directory. Only such a process may ever be
 * stopped by {@link OrphanReaper}.
 *
 * @param pid the process id
 * @param command the executable's path
 * @param arguments the command-line arguments, without the executable
 */
record ServerProcess(long pid, String command, List<String> arguments) {

	private static final Set<String> SERVER_EXECUTABLES = Set.of("mariadbd", "mysqld");

	/**
	 * Describes a live process, or returns empty when it is gone or the OS does not show
	 * its command line (then it cannot be verified and must be left alone).
	 */
	static Optional<ServerProcess> describe(ProcessHandle handle) {
		ProcessHandle.Info info = handle.info();
		if (!handle.isAlive() || info.command().isEmpty() || info.arguments().isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new ServerProcess(handle.pid(), info.command().get(), List.of(info.arguments().get())));
	}

	/**
	 * Whether this is a {@code mariadbd} (or {@code mysqld}) whose {@code --datadir} is
	 * {@code dataDir}, compared both as given (made absolute) and with links resolved.
	 */
	boolean servesDataDir(Path dataDir) {
		String executable = Path.of(this.command).getFileName().toString();
		if (!SERVER_EXECUTABLES.contains(executable)) {
			return false;
		}
		Set<String> accepted = new HashSet<>(
				List.of("--datadir=" + dataDir.toAbsolutePath().normalize(), "--datadir=" + realPath(dataDir)));
		return this.arguments.stream().anyMatch(accepted::contains);
	}

	private static Path realPath(Path dir) {
		try {
			return dir.toRealPath();
		}
		catch (IOException ex) {
			return dir.toAbsolutePath().normalize();
		}
	}

	/** Reads a pid file; empty when it is missing or does not hold a number. */
	static Optional<Long> readPidFile(Path pidFile) {
		try {
			return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
