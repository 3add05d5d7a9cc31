package dev.workpool.worker.launcher;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.TaskItem;

/**
 * A stand-in for the service, run as its own process by {@link ParentDeathIT}: launches
 * one worker, keeps it busy, prints {@code worker-pid=<pid>} and waits to be killed.
 */
public final class ParentStub {

	private ParentStub() {
	}

	public static void main(String[] args) throws InterruptedException {
		CountDownLatch ready = new CountDownLatch(1);
		WorkerListener listener = new WorkerListener() {

			@Override
			public void onReady(WorkerProcess worker, Message.Ready r) {
				ready.countDown();
			}

			@Override
			public void onTaskDone(WorkerProcess worker, Message.TaskDone d) {
			}

			@Override
			public void onHeartbeat(WorkerProcess worker, Message.Heartbeat h) {
			}

			@Override
			public void onExit(WorkerProcess worker, int exitCode, String fatalReason) {
			}

		};
		LaunchSettings settings = new LaunchSettings(WorkerProcessIT.JVM_OPTIONS, Duration.ofSeconds(1),
				WorkerTestDatabase.dbSettings(), "node-stub", Duration.ofSeconds(1));
		WorkerProcess worker = new WorkerLauncher(settings).launch("w-orphan", listener);
		ready.await();
		worker.send(new RunChunk(1, "sleep", "{}", 0, 1, List.of(new TaskItem(1, 0, 1, 0, "600000"))));
		System.out.println("worker-pid=" + worker.pid());
		System.out.flush();
		Thread.sleep(600_000);
	}

}
