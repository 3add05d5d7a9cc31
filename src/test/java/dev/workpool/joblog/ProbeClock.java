package dev.workpool.joblog;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that runs a probe each time it is read. {@link JobLogWriter} reads its
 * clock once per append, inside the locked section (after the fence, before the write),
 * so the probe sees the log lock held.
 */
final class ProbeClock extends Clock {

	private final Runnable probe;

	ProbeClock(Runnable probe) {
		this.probe = probe;
	}

	@Override
	public Instant instant() {
		this.probe.run();
		return Instant.now();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
