package dev.workpool.worker.protocol;

import java.util.List;

/**
 * Every message exchanged between the service (parent) and a worker process (child),
 * framed on the worker's stdin (parent to child) and stdout (child to parent). JDK only:
 * both sides share these records and {@link FrameCodec}.
 *
 * <p>
 * Parent to child: {@link Init} (always first), {@link RunChunk}, {@link Cancel},
 * {@link Trim}, {@link Shutdown}. Child to parent: {@link Ready} (answer to Init),
 * {@link TaskDone}, {@link Heartbeat}, {@link Fatal}.
 */
public sealed interface Message {

	/** Version of this protocol; a worker refuses an Init with another one. */
	int PROTOCOL_VERSION = 5;

	/**
	 * First frame to a new worker: who it is and how to reach the database. The password
	 * travels here, never on the command line.
	 */
	record Init(int protocolVersion, String workerId, String nodeId, DbSettings db, long heartbeatIntervalMillis,
			String logDir, String pluginsDir, String taskSettingsJson) implements Message {

		/** Task settings may hold credentials of plugins: never printed. */
		@Override
		public String toString() {
			return "Init[protocolVersion=" + this.protocolVersion + ", workerId=" + this.workerId + ", nodeId="
					+ this.nodeId + ", db=" + this.db + ", heartbeatIntervalMillis=" + this.heartbeatIntervalMillis
					+ ", logDir=" + this.logDir + ", pluginsDir=" + this.pluginsDir + ", taskSettings="
					+ ((this.taskSettingsJson != null) ? "***" : null) + "]";
		}

		/** An Init without plugins or task settings. */
		public Init(int protocolVersion, String workerId, String nodeId, DbSettings db, long heartbeatIntervalMillis,
				String logDir) {
			this(protocolVersion, workerId, nodeId, db, heartbeatIntervalMillis, logDir, null, null);
		}

		/**
		 * An Init without a job-log directory (the worker then writes task output to its
		 * stderr).
		 */
		public Init(int protocolVersion, String workerId, String nodeId, DbSettings db, long heartbeatIntervalMillis) {
			this(protocolVersion, workerId, nodeId, db, heartbeatIntervalMillis, null);
		}

	}

	/**
	 * Database coordinates for the worker's own HikariCP pool.
	 *
	 * @param jdbcUrl JDBC URL
	 * @param user user name
	 * @param password password, may be empty
	 * @param poolSize maximum pool size
	 * @param maxLifetimeMillis Hikari maxLifetime
	 */
	record DbSettings(String jdbcUrl, String user, String password, int poolSize, long maxLifetimeMillis) {

		@Override
		public String toString() {
			return "DbSettings[jdbcUrl=" + this.jdbcUrl + ", user=" + this.user + ", password=***, poolSize="
					+ this.poolSize + "]";
		}

	}

	/** The worker is initialised and waits for work. */
	record Ready(long pid, int protocolVersion) implements Message {
	}

	/**
	 * Run these tasks of one job, one after the other, recording each result in the
	 * database.
	 *
	 * @param jobId the job
	 * @param taskType registered task type name
	 * @param paramsJson the job's shared params as JSON text
	 * @param taskTimeoutMillis per-task timeout (the parent enforces it too, by killing)
	 * @param maxAttempts attempts a task may use before it is FAILED
	 * @param retryOnError whether a task that throws is retried (else FAILED at once)
	 * @param retryOnTimeout whether a task over {@code taskTimeoutMillis} is retried
	 * @param tasks the tasks, in order
	 * @param lane the worker's task thread that runs it: chunks of one lane run one after
	 * the other, in the order they arrive; chunks of different lanes at once
	 */
	record RunChunk(long jobId, String taskType, String paramsJson, long taskTimeoutMillis, int maxAttempts,
			boolean retryOnError, boolean retryOnTimeout, List<TaskItem> tasks, int lane) implements Message {

		/** A chunk for lane 0. */
		public RunChunk(long jobId, String taskType, String paramsJson, long taskTimeoutMillis, int maxAttempts,
				boolean retryOnError, boolean retryOnTimeout, List<TaskItem> tasks) {
			this(jobId, taskType, paramsJson, taskTimeoutMillis, maxAttempts, retryOnError, retryOnTimeout, tasks, 0);
		}

		/** A chunk for lane 0 that retries errors and timeouts. */
		public RunChunk(long jobId, String taskType, String paramsJson, long taskTimeoutMillis, int maxAttempts,
				List<TaskItem> tasks) {
			this(jobId, taskType, paramsJson, taskTimeoutMillis, maxAttempts, true, true, tasks, 0);
		}

	}

	/**
	 * One claimed task.
	 *
	 * @param taskId row id
	 * @param index position of the input in the job
	 * @param attempt fencing epoch of this claim; the result write is conditional on it
	 * @param failures failed attempts so far
	 * @param inputJson the input as JSON text
	 * @param retryDelayMicros if this attempt fails and is retried, the task is not
	 * claimed again before this many microseconds (its backoff, jitter included)
	 */
	record TaskItem(long taskId, int index, int attempt, int failures, String inputJson, long retryDelayMicros) {

		/** A task retried without delay. */
		public TaskItem(long taskId, int index, int attempt, int failures, String inputJson) {
			this(taskId, index, attempt, failures, inputJson, 0);
		}

	}

	/** Stop the running chunk of this job: interrupt the current task, skip the rest. */
	record Cancel(long jobId) implements Message {
	}

	/** Finish the current task, flush, and exit. */
	record Shutdown() implements Message {
	}

	/**
	 * The worker has been idle for a while: give back what its last job grew (lane
	 * threads, pooled connections beyond the configured pool size, heap).
	 */
	record Trim() implements Message {
	}

	/**
	 * A task's result is recorded (committed) in the database, or was refused as stale.
	 *
	 * @param taskId row id
	 * @param attempt the claim's epoch
	 * @param outcome what was recorded
	 * @param durationMicros run time of the task
	 */
	record TaskDone(long taskId, int attempt, TaskOutcome outcome, long durationMicros) implements Message {
	}

	/**
	 * A task has been running for {@code runningForMicros}, and the tasks before it in
	 * its chunk have ended though their TaskDone frames are still to come (their results
	 * wait for their transaction's commit, ADR 9): its timeout counts from its own start,
	 * and a kill charges it, not them. Sent only for a task still running after a moment.
	 */
	record TaskRunning(long taskId, long runningForMicros) implements Message {
	}

	/** The worker is alive; {@code currentTaskId} is -1 when idle. */
	record Heartbeat(long currentTaskId) implements Message {
	}

	/** The worker cannot go on (for example its database is unreachable) and exits. */
	record Fatal(String reason) implements Message {
	}

	/** What a worker recorded for one task. */
	enum TaskOutcome {

		/** Output recorded, status SUCCEEDED. */
		SUCCEEDED,
		/** The task threw; attempts used up, status FAILED. */
		FAILED,
		/** The task threw; re-queued for another attempt. */
		RETRY,
		/** Stopped by a cancel; status CANCELLED. */
		CANCELLED,
		/**
		 * Not run: skipped by a cancel before it started; left for the parent to settle.
		 */
		SKIPPED,
		/**
		 * The conditional write found a newer claim or a final state: nothing recorded.
		 */
		STALE

	}

}
