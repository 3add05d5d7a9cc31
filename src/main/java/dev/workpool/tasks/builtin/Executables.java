package dev.workpool.tasks.builtin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the file an allowed executable name stands for. */
final class Executables {

	private Executables() {
	}

	/**
	 * An absolute path as is; a bare name looked up on the worker's own PATH (never the
	 * job's), so the program run is the one the operator allowed.
	 * @throws CommandFailedException when there is no such executable file
	 */
	static String resolve(String executable) {
		if (executable.startsWith("/")) {
			if (!Files.isExecutable(Path.of(executable))) {
				throw new CommandFailedException("executable " + executable + " does not exist or is not executable");
			}
			return executable;
		}
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				if (!dir.isEmpty() && dir.startsWith("/")) {
					Path candidate = Path.of(dir, executable);
					if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
						return candidate.toString();
					}
				}
			}
		}
		throw new CommandFailedException("executable '" + executable + "' is not on the worker's PATH");
	}

}
