package dev.workpool.tasks.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A started program and every process it starts. Descendants are collected while the
 * program runs (a child whose parent died is re-parented and no longer found through it),
 * so that a kill reaches grandchildren too: terminate all, wait a short grace, then kill
 * the survivors, and always reap the program.
 */
final class ProcessTree {

	private static final long POLL_MILLIS = 100;

	private final Process process;

	private final Set<ProcessHandle> known = new LinkedHashSet<>();

	ProcessTree(Process process) {
		this.process = process;
	}

	Process process() {
		return this.process;
	}

	/**
	 * Waits until the program exits (true), or until the deadline passes or {@code stop}
	 * says so (false).
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	boolean waitFor(long deadlineNanos, BooleanSupplier stop) throws InterruptedException {
		while (true) {
			collect();
			long remaining = deadlineNanos - System.nanoTime();
			if (remaining <= 0 || stop.getAsBoolean()) {
				return false;
			}
			if (this.process.waitFor(Math.min(POLL_MILLIS, remaining / 1_000_000 + 1), TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
	}

	/**
	 * Ends the program and all its known descendants: SIGTERM, {@code grace}, SIGKILL;
	 * reaps the program. Clears and restores the thread's interrupt status meanwhile.
	 * @return how many processes were still alive and were ended
	 */
	int kill(Duration grace) {
		boolean interrupted = Thread.interrupted();
		try {
			collect();
			List<ProcessHandle> all = new ArrayList<>(this.known);
			all.add(this.process.toHandle());
			return end(all, grace);
		}
		finally {
			reap();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * After the program exited: ends the descendants it left running (background jobs
	 * that would otherwise outlive it and hold its output open).
	 * @return how many there were
	 */
	int killLeftovers(Duration grace) {
		boolean interrupted = Thread.interrupted();
		try {
			return end(new ArrayList<>(this.known), grace);
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private int end(List<ProcessHandle> handles, Duration grace) {
		// descendants of the live ones may have appeared since the last collect
		for (ProcessHandle handle : List.copyOf(handles)) {
			if (handle.isAlive()) {
				handle.descendants().filter((d) -> !handles.contains(d)).forEach(handles::add);
			}
		}
		List<ProcessHandle> alive = handles.stream().filter(ProcessTree::isRunning).toList();
		alive.forEach(ProcessHandle::destroy);
		long deadline = System.nanoTime() + grace.toNanos();
		while (alive.stream().anyMatch(ProcessTree::isRunning) && System.nanoTime() < deadline) {
			pause();
		}
		alive.stream().filter(ProcessTree::isRunning).forEach(ProcessHandle::destroyForcibly);
		long hardDeadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (alive.stream().anyMatch(ProcessTree::isRunning) && System.nanoTime() < hardDeadline) {
			pause();
		}
		return alive.size();
	}

	/**
	 * Alive and not a zombie: an ended orphan stays "alive" until its new parent reaps
	 * it, which some container init processes never do.
	 */
	static boolean isRunning(ProcessHandle handle) {
		if (!handle.isAlive()) {
			return false;
		}
		try {
			String stat = Files.readString(Path.of("/proc/" + handle.pid() + "/stat"));
			int end = stat.lastIndexOf(')');
			return !(end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z');
		}
		catch (IOException | RuntimeException ex) {
			return handle.isAlive();
		}
	}

	private void collect() {
		if (this.process.isAlive()) {
			this.process.descendants().forEach(this.known::add);
		}
	}

	private void reap() {
		try {
			this.process.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
