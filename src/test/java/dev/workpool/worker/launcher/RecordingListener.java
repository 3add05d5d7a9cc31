package dev.workpool.worker.launcher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.TaskDone;

/** Records every callback of one worker, for assertions. */
public final class RecordingListener implements WorkerListener {

	public final CompletableFuture<Message.Ready> ready = new CompletableFuture<>();

	public final List<TaskDone> done = new CopyOnWriteArrayList<>();

	final List<Message.Heartbeat> heartbeats = new CopyOnWriteArrayList<>();

	final AtomicInteger exits = new AtomicInteger();

	final CompletableFuture<Exit> exit = new CompletableFuture<>();

	volatile long readyNanos;

	@Override
	public void onReady(WorkerProcess worker, Message.Ready ready) {
		this.readyNanos = System.nanoTime();
		this.ready.complete(ready);
	}

	@Override
	public void onTaskDone(WorkerProcess worker, TaskDone done) {
		this.done.add(done);
	}

	@Override
	public void onHeartbeat(WorkerProcess worker, Message.Heartbeat heartbeat) {
		this.heartbeats.add(heartbeat);
	}

	@Override
	public void onExit(WorkerProcess worker, int exitCode, String fatalReason) {
		this.exits.incrementAndGet();
		this.exit.complete(new Exit(exitCode, fatalReason, worker.isAlive()));
	}

	boolean isRunning(long taskId) {
		return this.heartbeats.stream().anyMatch((heartbeat) -> heartbeat.currentTaskId() == taskId);
	}

	record Exit(int code, String fatalReason, boolean aliveAtCallback) {
	}

}
