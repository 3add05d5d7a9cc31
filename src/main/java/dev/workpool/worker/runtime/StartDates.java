package dev.workpool.worker.runtime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Dates task starts on the wall clock (UTC, microseconds) from one reading of it and the
 * monotonic clock since then, so tasks of different workers on one host can be compared
 * exactly. Reading the wall clock again at each result let its adjustments against the
 * monotonic clock date a task that starts the moment the one before it ends before that
 * end: two tasks seemed to run at once on one lane. The price is the wall clock's
 * correction since the worker started: parts per million. As text, because Connector/J
 * drops fractional seconds for MariaDB 10.x ("5.5.5-" version prefix).
 *
 * @param wallAnchor the wall clock at {@code nanoAnchor}
 * @param nanoAnchor {@link System#nanoTime()} at {@code wallAnchor}
 */
record StartDates(Instant wallAnchor, long nanoAnchor) {

	/** The worker's: read once, at its warm-up ({@code Worker.loadFirstChunkClasses}). */
	static final StartDates WORKER = new StartDates(Instant.now(), System.nanoTime());

	private static final DateTimeFormatter DATETIME_6 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

	/**
	 * The start at {@code startNanos} as a {@code DATETIME(6)} literal; reads no clock.
	 */
	String format(long startNanos) {
		Instant started = this.wallAnchor.plusNanos(startNanos - this.nanoAnchor);
		return DATETIME_6.format(LocalDateTime.ofInstant(started, ZoneOffset.UTC));
	}

}
