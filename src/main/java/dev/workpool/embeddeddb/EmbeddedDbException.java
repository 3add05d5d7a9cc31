package dev.workpool.embeddeddb;

import java.nio.file.Path;

import dev.workpool.WorkpoolException;

/**
 * The embedded MariaDB could not be prepared, started or stopped. Carries the data
 * directory it was working on.
 */
public class EmbeddedDbException extends WorkpoolException {

	private final Path dataDir;

	EmbeddedDbException(Path dataDir, String message, Throwable cause) {
		super("Embedded MariaDB on " + dataDir + ": " + message, cause);
		this.dataDir = dataDir;
	}

	EmbeddedDbException(Path dataDir, String message) {
		this(dataDir, message, null);
	}

	public Path getDataDir() {
		return this.dataDir;
	}

}
