package dev.workpool.scheduler;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.workpool.jobs.WorkerInfo;
import dev.workpool.worker.protocol.Message.TaskOutcome;

/**
 * The scheduler's meters, per node (Micrometer; {@code /actuator/metrics}):
 * <ul>
 * <li>{@code workpool.tasks.done} (counter, tag {@code outcome}: {@code succeeded},
 * {@code failed}, {@code retry}, {@code cancelled}, {@code skipped}, {@code stale}): task
 * results this node's workers reported;</li>
 * <li>{@code workpool.tasks.duration} (timer): how long those tasks ran, as their worker
 * measured it (not for skipped and stale ones);</li>
 * <li>{@code workpool.workers} (gauge, tag {@code state}: {@code STARTING}, {@code IDLE},
 * {@code BUSY}, {@code STOPPING}): this node's worker processes;</li>
 * <li>{@code workpool.workers.exited} (counter, tag {@code cause}: {@code retired} — it
 * had nothing to do and was stopped or exited, {@code killed} — the node killed it, for a
 * task timeout, a cancel that was ignored or silence, {@code crashed} — it died with work
 * in hand);</li>
 * <li>{@code workpool.jobs.active} (gauge): jobs this node's dispatcher is working
 * on.</li>
 * </ul>
 * Counting is an increment on the dispatcher thread; the gauges read snapshots that are
 * safe to read from any thread.
 */
public final class SchedulerMetrics {

	private final MeterRegistry registry;

	private final Map<TaskOutcome, Counter> tasksDone = new EnumMap<>(TaskOutcome.class);

	private final Timer taskDuration;

	private final Counter retired;

	private final Counter killed;

	private final Counter crashed;

	public SchedulerMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (TaskOutcome outcome : TaskOutcome.values()) {
			this.tasksDone.put(outcome,
					Counter.builder("workpool.tasks.done")
						.description("Task results this node's workers reported")
						.tag("outcome", outcome.name().toLowerCase())
						.register(registry));
		}
		this.taskDuration = Timer.builder("workpool.tasks.duration")
			.description("How long tasks ran, as their worker measured it")
			.register(registry);
		this.retired = exited("retired");
		this.killed = exited("killed");
		this.crashed = exited("crashed");
	}

	private Counter exited(String cause) {
		return Counter.builder("workpool.workers.exited")
			.description("Worker processes of this node that exited")
			.tag("cause", cause)
			.register(this.registry);
	}

	/**
	 * Registers the gauges over the dispatcher's snapshots; held strongly (a gauge holds
	 * what it reads weakly by default, and these suppliers have no other holder).
	 */
	void bind(Supplier<List<WorkerInfo>> workers, IntSupplier activeJobs) {
		for (WorkerSlot.State state : WorkerSlot.State.values()) {
			String name = state.name();
			Gauge
				.builder("workpool.workers", workers,
						(w) -> w.get().stream().filter((info) -> name.equals(info.state())).count())
				.description("Worker processes of this node")
				.tag("state", name)
				.strongReference(true)
				.register(this.registry);
		}
		Gauge.builder("workpool.jobs.active", activeJobs, IntSupplier::getAsInt)
			.description("Jobs this node's dispatcher is working on")
			.strongReference(true)
			.register(this.registry);
	}

	void taskDone(TaskOutcome outcome, long durationMicros) {
		this.tasksDone.get(outcome).increment();
		if (outcome != TaskOutcome.SKIPPED && outcome != TaskOutcome.STALE) {
			this.taskDuration.record(durationMicros, TimeUnit.MICROSECONDS);
		}
	}

	void workerExited(boolean hadWork, boolean killedByNode) {
		if (killedByNode) {
			this.killed.increment();
		}
		else if (hadWork) {
			this.crashed.increment();
		}
		else {
			this.retired.increment();
		}
	}

}
