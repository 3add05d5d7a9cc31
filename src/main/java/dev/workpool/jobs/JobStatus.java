package dev.workpool.jobs;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Life cycle of a job. Every change goes through {@link #canMoveTo(JobStatus)}.
 *
 * <pre>
 * QUEUED ─► RUNNING ─► SUCCEEDED | FAILED
 *   │          │
 *   └──────────┴─► CANCELLING ─► CANCELLED
 *                       │
 *                       └─► FAILED (stopped at its deadline: DEADLINE_EXCEEDED)
 * </pre>
 */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLING, CANCELLED;

	/**
	 * The statuses of a job in progress (not terminal) as an SQL list, for
	 * {@code status IN (…)}: only such a job has tasks RUNNING.
	 */
	static final String IN_PROGRESS_SQL = Arrays.stream(values())
		.filter((status) -> !status.isTerminal())
		.map((status) -> "'" + status.name() + "'")
		.collect(Collectors.joining(", "));

	private Set<JobStatus> next() {
		return switch (this) {
			case QUEUED -> EnumSet.of(RUNNING, CANCELLING, CANCELLED, FAILED);
			case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLING);
			case CANCELLING -> EnumSet.of(CANCELLED, FAILED);
			case SUCCEEDED, FAILED, CANCELLED -> EnumSet.noneOf(JobStatus.class);
		};
	}

	public boolean canMoveTo(JobStatus target) {
		return next().contains(target);
	}

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
