package dev.workpool.joblog;

import java.nio.file.Path;
import java.util.OptionalLong;

/** Where a job's log lives: {@code <logDir>/job-<id>.log}. */
public final class JobLogFiles {

	private JobLogFiles() {
	}

	public static Path path(Path logDir, long jobId) {
		return logDir.resolve("job-" + jobId + ".log");
	}

	/** The job id of a log file's name, if it is one. */
	static OptionalLong jobId(Path file) {
		String name = file.getFileName().toString();
		if (!name.startsWith("job-") || !name.endsWith(".log")) {
			return OptionalLong.empty();
		}
		try {
			return OptionalLong.of(Long.parseLong(name.substring(4, name.length() - 4)));
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

}
