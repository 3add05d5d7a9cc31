package dev.workpool.joblog;

import java.util.Locale;

/**
 * One entry for a job's log, before the writer gives it a sequence number and a
 * timestamp.
 *
 * @param taskIndex the task's input index, or null for job-level entries (scheduler
 * events)
 * @param attempt the task's attempt, or null
 * @param pid the process the entry comes from (the worker's, or the service's)
 * @param level one word of 1 to 16 letters, stored upper case (INFO, WARN, ERROR, STDOUT,
 * STDERR, EVENT...); null means INFO
 * @param message any text; line breaks are escaped so the entry stays one line; null is
 * empty
 */
public record LogEntry(Integer taskIndex, Integer attempt, long pid, String level, String message) {

	public LogEntry {
		level = (level != null) ? level.toUpperCase(Locale.ROOT) : "INFO";
		if (level.isEmpty() || level.length() > 16 || !level.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
			throw new JobLogException(0, null, "level must be 1 to 16 letters but was '" + level + "'", null);
		}
		message = (message != null) ? message : "";
	}

	/** A job-level INFO entry from this process. */
	public static LogEntry info(String message) {
		return new LogEntry(null, null, ProcessHandle.current().pid(), "INFO", message);
	}

	/** An entry of a task run from this process. */
	public static LogEntry ofTask(int taskIndex, int attempt, String level, String message) {
		return new LogEntry(taskIndex, attempt, ProcessHandle.current().pid(), level, message);
	}

}
