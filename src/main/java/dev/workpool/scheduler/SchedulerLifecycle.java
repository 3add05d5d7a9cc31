package dev.workpool.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

import dev.workpool.jobs.JobCancelRequested;
import dev.workpool.jobs.JobSubmitted;

/**
 * Starts the node (heartbeat + reaper, then the dispatcher) once the application is up
 * and stops it in reverse order on shutdown, first of all lifecycle beans (so the web
 * server still answers, and the database pool is still open, while the node drains).
 * Readiness is refusing traffic before the drain begins (Boot publishes it when the
 * context starts closing; published again here for any other way of stopping). Job events
 * wake the dispatcher at once instead of at its next poll.
 */
public final class SchedulerLifecycle implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SchedulerLifecycle.class);

	private final Dispatcher dispatcher;

	private final Reaper reaper;

	private final ApplicationEventPublisher publisher;

	private volatile boolean running;

	public SchedulerLifecycle(Dispatcher dispatcher, Reaper reaper, ApplicationEventPublisher publisher) {
		this.dispatcher = dispatcher;
		this.reaper = reaper;
		this.publisher = publisher;
	}

	@Override
	public void start() {
		this.reaper.start();
		this.dispatcher.start();
		this.running = true;
	}

	@Override
	public void stop() {
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		log.info("Shutting down: readiness is REFUSING_TRAFFIC; no new claims; running tasks get the shutdown grace");
		this.dispatcher.stop();
		this.reaper.stop();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@EventListener
	public void on(JobSubmitted event) {
		this.dispatcher.wake();
	}

	@EventListener
	public void on(JobCancelRequested event) {
		this.dispatcher.wake();
	}

}
