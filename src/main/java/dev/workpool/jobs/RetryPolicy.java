package dev.workpool.jobs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When and how soon a failed task runs again: a failed attempt whose cause is in
 * {@code retryOn} re-queues the task after its {@link Backoff} (while the job's
 * {@code maxAttempts} allow); any other cause fails the task at once.
 *
 * @param backoff wait before each next attempt
 * @param retryOn failure causes that are retried
 */
public record RetryPolicy(Backoff backoff, Set<FailureCause> retryOn) {

	/** Retries every cause with the default backoff. */
	public static final RetryPolicy DEFAULT = new RetryPolicy(Backoff.DEFAULT, EnumSet.allOf(FailureCause.class));

	/**
	 * Keeps {@code retryOn} unmodifiable, in declaration order (crash, timeout, error).
	 */
	public RetryPolicy {
		EnumSet<FailureCause> copy = EnumSet.noneOf(FailureCause.class);
		copy.addAll(retryOn);
		retryOn = Collections.unmodifiableSet(copy);
	}

	public boolean retries(FailureCause cause) {
		return this.retryOn.contains(cause);
	}

	/**
	 * The causes as stored in the {@code retry_on} SET column:
	 * {@code crash,timeout,error}.
	 */
	String columnValue() {
		return this.retryOn.stream().map(FailureCause::jsonName).collect(Collectors.joining(","));
	}

	static Set<FailureCause> parseColumn(String value) {
		Set<FailureCause> causes = EnumSet.noneOf(FailureCause.class);
		if (value != null && !value.isEmpty()) {
			for (String name : value.split(",")) {
				causes.add(FailureCause.parse(name, "retry_on"));
			}
		}
		return causes;
	}

}
