package dev.workpool.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.JobNotFoundException;
import dev.workpool.jobs.JobService;
import dev.workpool.joblog.JobLogJanitor;
import dev.workpool.joblog.JobLogReader;
import dev.workpool.joblog.JobLogWriter;
import dev.workpool.lock.LockOwner;
import dev.workpool.lock.LockService;
import dev.workpool.scheduler.NodeIdentity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the plain-Java lock service and job log (writer, reader, hourly retention) into
 * the application. The log directory is created at startup, so a bad
 * {@code workpool.log-dir} fails the start.
 */
@Configuration(proxyBeanMethods = false)
class LockAndLogConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LockAndLogConfiguration.class);

	private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

	@Bean
	LockService lockService(DataSource dataSource, NodeIdentity node) {
		return new LockService(dataSource, new LockOwner(node.pid(), node.id(), null));
	}

	@Bean
	JobLogWriter jobLogWriter(LockService locks, WorkpoolProperties properties) {
		return new JobLogWriter(locks, logDir(properties), Clock.systemUTC());
	}

	@Bean
	JobLogReader jobLogReader(WorkpoolProperties properties) {
		return new JobLogReader(logDir(properties));
	}

	@Bean
	JobLogJanitor jobLogJanitor(DataSource dataSource, LockService locks, WorkpoolProperties properties,
			JobService jobs) {
		return new JobLogJanitor(dataSource, locks, logDir(properties), Clock.systemUTC(), properties.logRetention(),
				(jobId) -> exists(jobs, jobId));
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService logRetention(JobLogJanitor janitor) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "workpool-log-retention");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(() -> {
			try {
				janitor.run();
			}
			catch (Throwable ex) {
				log.error("Log retention failed; trying again in {}", RETENTION_INTERVAL, ex);
			}
		}, 1, RETENTION_INTERVAL.toMinutes(), TimeUnit.MINUTES);
		return executor;
	}

	private static boolean exists(JobService jobs, long jobId) {
		try {
			jobs.get(jobId);
			return true;
		}
		catch (JobNotFoundException ex) {
			return false;
		}
	}

	private static Path logDir(WorkpoolProperties properties) {
		Path dir = properties.logDir();
		try {
			return Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"workpool.log-dir: cannot create the job log directory '" + dir.toAbsolutePath() + "': " + ex, ex);
		}
	}

}
