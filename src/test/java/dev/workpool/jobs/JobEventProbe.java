package dev.workpool.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Test-only listener (picked up by component scanning of the test classpath, so every
 * integration test shares one application context): records job events and what a fresh
 * connection sees when they arrive.
 */
@Component
class JobEventProbe {

	final List<Object> events = new CopyOnWriteArrayList<>();

	final JdbcClient jdbc;

	volatile long tasksVisibleAtEvent = -1;

	JobEventProbe(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void on(JobSubmitted event) {
		this.tasksVisibleAtEvent = this.jdbc.sql("SELECT COUNT(*) FROM tasks WHERE job_id = ?")
			.param(event.jobId())
			.query(Long.class)
			.single();
		this.events.add(event);
	}

	@EventListener
	void on(JobCancelRequested event) {
		this.events.add(event);
	}

}
