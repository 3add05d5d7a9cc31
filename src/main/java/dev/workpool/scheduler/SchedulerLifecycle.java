package dev.workpool.scheduler;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

import dev.workpool.jobs.JobCancelRequested;
import dev.workpool.jobs.JobSubmitted;

/**
 * Starts the node (heartbeat + reaper, then the dispatcher) once the application is up
 * and stops it in reverse order on shutdown, before the database pool closes. Job events
 * wake the dispatcher at once instead of at its next poll.
 */
public final class SchedulerLifecycle implements SmartLifecycle {

	private final Dispatcher dispatcher;

	private final Reaper reaper;

	private volatile boolean running;

	public SchedulerLifecycle(Dispatcher dispatcher, Reaper reaper) {
		this.dispatcher = dispatcher;
		this.reaper = reaper;
	}

	@Override
	public void start() {
		this.reaper.start();
		this.dispatcher.start();
		this.running = true;
	}

	@Override
	public void stop() {
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
