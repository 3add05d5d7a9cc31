package dev.workpool.worker.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.workpool.worker.protocol.Message.DbSettings;

/**
 * How worker processes are started.
 *
 * @param jvmOptions extra JVM options (heap, GC); JVM logging is always sent to stderr
 * @param stopGrace how long {@link WorkerProcess#stop()} waits after asking before it
 * kills
 * @param db the worker pool's database coordinates (the password travels in the Init
 * frame, never on the command line)
 * @param nodeId this service instance
 * @param heartbeatInterval how often workers send a Heartbeat
 */
public record LaunchSettings(List<String> jvmOptions, Duration stopGrace, DbSettings db, String nodeId,
		Duration heartbeatInterval) {

	public LaunchSettings {
		jvmOptions = List.copyOf(jvmOptions);
		Objects.requireNonNull(stopGrace, "stopGrace");
		Objects.requireNonNull(db, "db");
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
	}

}
