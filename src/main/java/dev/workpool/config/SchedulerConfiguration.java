package dev.workpool.config;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.workpool.jobs.JobLifecycle;
import dev.workpool.jobs.JobLimits;
import dev.workpool.jobs.NodeRegistry;
import dev.workpool.jobs.TaskQueue;
import dev.workpool.jobs.WorkerDirectory;
import dev.workpool.joblog.JobLogWriter;
import dev.workpool.scheduler.Dispatcher;
import dev.workpool.scheduler.DispatcherSettings;
import dev.workpool.scheduler.JobEventLog;
import dev.workpool.scheduler.NodeIdentity;
import dev.workpool.scheduler.Reaper;
import dev.workpool.scheduler.SchedulerMetrics;
import dev.workpool.scheduler.SchedulerLifecycle;
import dev.workpool.worker.launcher.LaunchSettings;
import dev.workpool.worker.launcher.WorkerLauncher;
import dev.workpool.worker.protocol.Message;

/**
 * Wires the plain-Java scheduler, task queue and worker launcher into the application.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

	@Bean
	JobLimits jobLimits(WorkpoolProperties properties) {
		WorkpoolProperties.Jobs jobs = properties.jobs();
		return new JobLimits(jobs.maxParallelism(), jobs.maxInputs(), jobs.maxChunkSize(), jobs.maxAttempts(),
				jobs.defaultTaskTimeout(), jobs.maxTaskTimeout(), jobs.maxBackoff(), jobs.maxDeadline());
	}

	@Bean
	TaskQueue taskQueue(JdbcTemplate jdbcTemplate, TransactionTemplate tx) {
		return new TaskQueue(jdbcTemplate, tx);
	}

	@Bean
	JobLifecycle jobLifecycle(JdbcClient jdbc, TransactionTemplate tx) {
		return new JobLifecycle(jdbc, tx);
	}

	@Bean
	NodeRegistry nodeRegistry(JdbcClient jdbc) {
		return new NodeRegistry(jdbc);
	}

	@Bean
	NodeIdentity nodeIdentity() {
		return NodeIdentity.current();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "workpool.scheduler.enabled", matchIfMissing = true)
	WorkerLauncher workerLauncher(WorkpoolProperties properties, DataSource dataSource, JdbcClient jdbc,
			NodeIdentity node) {
		WorkpoolProperties.Workers workers = properties.workers();
		return WorkerLauncher.forInstallation(
				new LaunchSettings(workers.jvmOptions(), workers.stopGrace(),
						workerDbSettings(dataSource, jdbc, workers.poolSize()), node.id(), workers.heartbeatInterval(),
						properties.logDir(), properties.pluginsDir(), TaskSettings.json(properties.tasks())),
				workers.cacheDir(), workers.classDataSharing());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "workpool.scheduler.enabled", matchIfMissing = true)
	JobEventLog jobEventLog(JobLogWriter writer) {
		return new JobEventLog(writer);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "workpool.scheduler.enabled", matchIfMissing = true)
	Dispatcher dispatcher(JobLifecycle lifecycle, TaskQueue queue, WorkerLauncher launcher,
			WorkpoolProperties properties, NodeIdentity node, JobEventLog events,
			ObjectProvider<MeterRegistry> meterRegistry) {
		WorkpoolProperties.Workers workers = properties.workers();
		WorkpoolProperties.Scheduler scheduler = properties.scheduler();
		DispatcherSettings settings = new DispatcherSettings(workers.effectiveMaxProcesses(),
				workers.maxTasksPerWorker(), workers.idleTimeout(), workers.idleTrimAfter(), workers.cancelGrace(),
				workers.stopGrace(), scheduler.unresponsiveAfter(), scheduler.pollInterval(),
				properties.shutdown().grace());
		return new Dispatcher(lifecycle, queue, launcher, settings, node.id(), events,
				new SchedulerMetrics(meterRegistry.getIfAvailable(SimpleMeterRegistry::new)));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "workpool.scheduler.enabled", matchIfMissing = true)
	Reaper reaper(NodeRegistry nodes, TaskQueue queue, NodeIdentity node, WorkpoolProperties properties,
			Dispatcher dispatcher) {
		WorkpoolProperties.Node settings = properties.node();
		return new Reaper(nodes, queue, node, settings.heartbeatInterval(), settings.leaseTimeout(), dispatcher::wake);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "workpool.scheduler.enabled", matchIfMissing = true)
	SchedulerLifecycle schedulerLifecycle(Dispatcher dispatcher, Reaper reaper, WorkpoolProperties properties,
			ApplicationEventPublisher publisher,
			@Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
		Duration needed = properties.shutdown().grace().plus(properties.workers().stopGrace()).plusSeconds(5);
		if (phaseTimeout.compareTo(needed) < 0) {
			throw new IllegalStateException("spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout
					+ ") must be at least workpool.shutdown.grace (" + properties.shutdown().grace()
					+ ") + workpool.workers.stop-grace (" + properties.workers().stopGrace() + ") + 5s");
		}
		return new SchedulerLifecycle(dispatcher, reaper, publisher);
	}

	@Bean
	@ConditionalOnMissingBean(WorkerDirectory.class)
	WorkerDirectory noWorkers() {
		return List::of;
	}

	/**
	 * The worker's own pool connects where the service does; its connections are retired
	 * a few seconds before the server's {@code wait_timeout} would cut them.
	 */
	private static Message.DbSettings workerDbSettings(DataSource dataSource, JdbcClient jdbc, int poolSize) {
		HikariDataSource hikari;
		try {
			hikari = dataSource.unwrap(HikariDataSource.class);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException("Workpool needs a HikariCP DataSource to pass its settings to workers", ex);
		}
		long waitTimeoutSeconds = jdbc.sql("SELECT @@wait_timeout").query(Long.class).single();
		long maxLifetime = Math.min(Duration.ofMinutes(30).toMillis(),
				Math.max(Duration.ofSeconds(30).toMillis(), Duration.ofSeconds(waitTimeoutSeconds - 5).toMillis()));
		String password = (hikari.getPassword() != null) ? hikari.getPassword() : "";
		return new Message.DbSettings(hikari.getJdbcUrl(), hikari.getUsername(), password, poolSize, maxLifetime);
	}

}
