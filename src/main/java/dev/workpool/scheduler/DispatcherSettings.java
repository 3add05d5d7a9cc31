package dev.workpool.scheduler;

import java.time.Duration;

/**
 * The dispatcher's knobs, taken from {@code workpool.workers.*} and
 * {@code workpool.scheduler.*}.
 *
 * @param maxProcesses most live workers on this node
 * @param maxTasksPerWorker replace a worker after this many tasks; 0 = never
 * @param idleTimeout stop a worker idle this long
 * @param idleTrimAfter ask a worker idle this long to give back what its last job grew
 * @param cancelGrace time a cancelled task gets to stop before its worker is killed
 * @param stopGrace time a worker gets to exit when asked before it is killed
 * @param unresponsiveAfter kill a worker that sent no frame for this long
 * @param pollInterval look for work at least this often
 * @param shutdownGrace on shutdown, time running tasks get to finish before they are
 * cancelled and handed back to the queue
 */
public record DispatcherSettings(int maxProcesses, int maxTasksPerWorker, Duration idleTimeout, Duration idleTrimAfter,
		Duration cancelGrace, Duration stopGrace, Duration unresponsiveAfter, Duration pollInterval,
		Duration shutdownGrace) {
}
