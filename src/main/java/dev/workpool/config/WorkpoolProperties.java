package dev.workpool.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * All of Workpool's settings, under the {@code workpool.} prefix. Defaults are written
 * here once.
 *
 * @param workers the worker processes of this node
 * @param jobs limits applied to submitted jobs
 * @param api HTTP API limits
 * @param node this node's identity and liveness
 * @param scheduler the dispatcher loop
 * @param embeddedDb the embedded MariaDB started when no {@code spring.datasource.url} is
 * set
 * @param logDir where job logs are kept ({@code job-<id>.log}); nodes sharing a database
 * must share this directory
 * @param logRetention logs of deleted jobs, and logs not written for this long, are
 * deleted (checked hourly)
 * @param pluginsDir jars of plugin task types ({@code *.jar}, loaded in name order by the
 * service and by every worker at start)
 * @param tasks settings of the task types
 * @param shutdown how a node stops (SIGTERM, pod stop)
 */
@Validated
@ConfigurationProperties("workpool")
public record WorkpoolProperties(@Valid @NotNull @DefaultValue Workers workers, @Valid @NotNull @DefaultValue Jobs jobs,
		@Valid @NotNull @DefaultValue Api api, @Valid @NotNull @DefaultValue Node node,
		@Valid @NotNull @DefaultValue Scheduler scheduler, @Valid @NotNull @DefaultValue EmbeddedDb embeddedDb,
		@DefaultValue("./data/logs") @NotNull Path logDir, @DefaultValue("7d") @NotNull Duration logRetention,
		@DefaultValue("./plugins") @NotNull Path pluginsDir, @Valid @NotNull @DefaultValue Tasks tasks,
		@Valid @NotNull @DefaultValue Shutdown shutdown) {

	/**
	 * Worker processes.
	 *
	 * @param maxProcesses most worker JVMs alive at once on this node; 0 means 2 x CPU
	 * cores
	 * @param maxTasksPerWorker a worker is replaced after this many tasks (like Python's
	 * maxtasksperchild); 0 means never
	 * @param idleTimeout an idle worker exits after this long without work
	 * @param idleTrimAfter a worker idle this long gives back what its last job grew:
	 * lane threads, pooled connections beyond {@code poolSize}, heap
	 * @param cancelGrace how long a running task may take to stop after a cancel before
	 * its worker is killed
	 * @param stopGrace how long a worker may take to exit after being asked before it is
	 * killed
	 * @param heartbeatInterval how often a worker reports it is alive
	 * @param poolSize connections in each worker's own HikariCP pool
	 * @param jvmOptions extra JVM options for worker processes (heap, GC)
	 * @param cacheDir where the service keeps what makes workers start fast: the
	 * executable jar's classes extracted once, and the workers' Class Data Sharing
	 * archive
	 * @param classDataSharing make and use a CDS archive of the workers' classes (faster
	 * start, less memory per worker)
	 */
	public record Workers(@DefaultValue("0") @Min(0) @Max(4096) int maxProcesses,
			@DefaultValue("0") @Min(0) int maxTasksPerWorker, @DefaultValue("60s") @NotNull Duration idleTimeout,
			@DefaultValue("5s") @NotNull Duration idleTrimAfter, @DefaultValue("10s") @NotNull Duration cancelGrace,
			@DefaultValue("5s") @NotNull Duration stopGrace, @DefaultValue("2s") @NotNull Duration heartbeatInterval,
			@DefaultValue("2") @Min(1) @Max(64) int poolSize, @DefaultValue( {
					"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms8m", "-Xmx256m", "-XX:NewRatio=6",
					"-XX:MaxHeapFreeRatio=40", "-XX:+ExitOnOutOfMemoryError" }) List<String> jvmOptions,
			@DefaultValue("./data/worker-cache") @NotNull Path cacheDir,
			@DefaultValue("true") boolean classDataSharing){

		/** The effective process cap: {@code maxProcesses}, or 2 x cores when it is 0. */
		public int effectiveMaxProcesses() {
			return (this.maxProcesses > 0) ? this.maxProcesses : 2 * Runtime.getRuntime().availableProcessors();
		}

	}

	/**
	 * Limits on submitted jobs.
	 *
	 * @param maxParallelism highest {@code parallelism} a job may ask for
	 * @param maxInputs most inputs in one job
	 * @param maxChunkSize highest {@code chunkSize}
	 * @param maxAttempts highest {@code maxAttempts}
	 * @param defaultTaskTimeout task timeout when a job names none
	 * @param maxTaskTimeout longest task timeout a job may ask for
	 * @param maxBackoff longest {@code backoff.max} (wait between attempts) a job may ask
	 * for
	 * @param maxDeadline longest {@code deadline} a job may ask for
	 */
	public record Jobs(@DefaultValue("1024") @Min(1) int maxParallelism, @DefaultValue("1000000") @Min(1) int maxInputs,
			@DefaultValue("10000") @Min(1) int maxChunkSize, @DefaultValue("10") @Min(1) int maxAttempts,
			@DefaultValue("30s") @NotNull Duration defaultTaskTimeout,
			@DefaultValue("24h") @NotNull Duration maxTaskTimeout, @DefaultValue("1h") @NotNull Duration maxBackoff,
			@DefaultValue("7d") @NotNull Duration maxDeadline) {
	}

	/**
	 * HTTP API.
	 *
	 * @param maxRequestSize largest accepted request body; larger ones get 413. A job's
	 * inputs are streamed into a spool, so this bounds the spool's disk and the submit's
	 * time, not the heap: 128 MB holds a million inputs of about 100 bytes each
	 */
	public record Api(@DefaultValue("128MB") @NotNull DataSize maxRequestSize) {
	}

	/**
	 * This service instance (node) and its liveness, shared through the database.
	 *
	 * @param heartbeatInterval how often the node refreshes its heartbeat row
	 * @param leaseTimeout a node whose heartbeat is older than this is dead and its
	 * running tasks are re-queued
	 */
	public record Node(@DefaultValue("5s") @NotNull Duration heartbeatInterval,
			@DefaultValue("30s") @NotNull Duration leaseTimeout) {
	}

	/**
	 * The dispatcher.
	 *
	 * @param enabled whether this node runs tasks at all; false makes an API-only node
	 * @param pollInterval how often the dispatcher looks for work when nothing woke it
	 * @param unresponsiveAfter a worker that sent nothing (not even a heartbeat) for this
	 * long is killed
	 */
	public record Scheduler(@DefaultValue("true") boolean enabled,
			@DefaultValue("200ms") @NotNull Duration pollInterval,
			@DefaultValue("30s") @NotNull Duration unresponsiveAfter) {
	}

	/**
	 * Stopping a node (SIGTERM, Kubernetes pod stop): readiness goes down, claiming stops
	 * at once, running tasks may finish within the grace; then they are cancelled and
	 * handed back to the queue, charged nothing, for other nodes.
	 *
	 * @param grace how long running tasks may take to finish; must fit
	 * {@code spring.lifecycle.timeout-per-shutdown-phase} together with the workers' stop
	 * grace
	 */
	public record Shutdown(@DefaultValue("30s") @NotNull Duration grace) {
	}

	/**
	 * The embedded MariaDB, used only when {@code spring.datasource.url} is not set.
	 *
	 * @param dataDir where the database files live; kept across restarts
	 * @param port TCP port on 127.0.0.1; 0 picks a free one
	 * @param database the schema Workpool uses
	 */
	public record EmbeddedDb(@DefaultValue("./data/db") @NotNull Path dataDir, @DefaultValue("0") @Min(0) int port,
			@DefaultValue("workpool") @NotNull String database) {
	}

	/**
	 * Settings of the task types, {@code workpool.tasks.<type>.*}.
	 *
	 * @param sql the {@code sql} type
	 * @param http the {@code http} type
	 * @param command the {@code command} type
	 * @param plugins settings of plugin types:
	 * {@code workpool.tasks.plugins.<type>.<key>}
	 */
	public record Tasks(@Valid @NotNull @DefaultValue Sql sql, @Valid @NotNull @DefaultValue Http http,
			@Valid @NotNull @DefaultValue Command command, @DefaultValue Map<String, Map<String, String>> plugins) {
	}

	/**
	 * The {@code sql} task type.
	 *
	 * @param statements the statements jobs may run, by name; parameters are written
	 * {@code :field} and bound from the input's fields. Jobs name a statement, never send
	 * SQL.
	 * @param maxRows most rows a query task returns (more are cut off and flagged)
	 */
	public record Sql(@DefaultValue Map<String, String> statements,
			@DefaultValue("1000") @Min(1) @Max(1000000) int maxRows) {
	}

	/**
	 * The {@code http} task type.
	 *
	 * @param allowedHosts hosts jobs may call: exact names, {@code *.example.com} (any
	 * name below the domain) or IP addresses ({@code [fd00::1]} for IPv6), each with an
	 * optional {@code :port} (without one, any port). Empty (the default) denies every
	 * host. Addresses a name resolves to that are loopback, link-local, cloud metadata,
	 * any-local or multicast are denied unless the entry is that IP (or
	 * {@code localhost}).
	 * @param maxResponseSize response bodies are cut off beyond this (and flagged
	 * truncated)
	 */
	public record Http(@DefaultValue List<String> allowedHosts,
			@DefaultValue("1MB") @NotNull DataSize maxResponseSize) {
	}

	/**
	 * The {@code command} task type.
	 *
	 * @param allowed executables jobs may run (absolute paths, or names looked up on the
	 * worker's PATH); empty (the default) disables the type
	 * @param envAllowed environment variables passed from the worker to the program; the
	 * only ones a job's {@code params.env} may set (never PATH)
	 * @param workingDir base directory of the programs' working directories (jobs name
	 * one below it)
	 * @param maxOutputSize stdout and stderr kept in a task's result (and logged), each
	 */
	public record Command(@DefaultValue List<String> allowed, @DefaultValue( {
			"PATH", "HOME", "LANG", "LC_ALL", "TZ" }) List<String> envAllowed,
			@DefaultValue("./data/work") @NotNull Path workingDir,
			@DefaultValue("1MB") @NotNull DataSize maxOutputSize){
	}

}
