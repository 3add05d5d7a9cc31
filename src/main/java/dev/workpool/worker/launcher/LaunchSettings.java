package dev.workpool.worker.launcher;

import java.nio.file.Path;
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
 * @param logDir directory of the shared job logs, or null
 * @param pluginsDir directory of plugin task-type jars, or null
 * @param taskSettingsJson settings of the task types by name, as a JSON object, or null
 */
public record LaunchSettings(List<String> jvmOptions, Duration stopGrace, DbSettings db, String nodeId,
		Duration heartbeatInterval, Path logDir, Path pluginsDir, String taskSettingsJson) {

	/** Settings without plugins or task settings. */
	public LaunchSettings(List<String> jvmOptions, Duration stopGrace, DbSettings db, String nodeId,
			Duration heartbeatInterval, Path logDir) {
		this(jvmOptions, stopGrace, db, nodeId, heartbeatInterval, logDir, null, null);
	}

	/** Settings without a job-log directory: task output goes to the worker's stderr. */
	public LaunchSettings(List<String> jvmOptions, Duration stopGrace, DbSettings db, String nodeId,
			Duration heartbeatInterval) {
		this(jvmOptions, stopGrace, db, nodeId, heartbeatInterval, null, null, null);
	}

	public LaunchSettings {
		jvmOptions = List.copyOf(jvmOptions);
		Objects.requireNonNull(stopGrace, "stopGrace");
		Objects.requireNonNull(db, "db");
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
	}

}
