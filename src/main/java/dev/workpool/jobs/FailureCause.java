package dev.workpool.jobs;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why an attempt of a task failed, as named in a job's {@code retryOn}.
 * <ul>
 * <li>{@code crash}: the worker process died or was killed while running the task (exit,
 * signal, out of memory, lost database, unresponsive).</li>
 * <li>{@code timeout}: the task ran longer than its {@code taskTimeout} and its worker
 * was killed.</li>
 * <li>{@code error}: the task threw (or its type or params could not be loaded).</li>
 * </ul>
 */
public enum FailureCause {

	CRASH, TIMEOUT, ERROR;

	/** The name used in the API and the database: {@code crash}, {@code timeout}... */
	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The cause named {@code name} (case-insensitive).
	 * @throws InvalidJobException naming {@code field} for any other name
	 */
	static FailureCause parse(String name, String field) {
		for (FailureCause cause : values()) {
			if (cause.jsonName().equalsIgnoreCase(name)) {
				return cause;
			}
		}
		throw new InvalidJobException(field,
				"must contain only " + String.join(", ", Arrays.stream(values()).map(FailureCause::jsonName).toList())
						+ " but had '" + name + "'");
	}

}
