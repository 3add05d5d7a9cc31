package dev.workpool.jobs;

/**
 * The outcome (so far) of one task.
 *
 * @param index position of the task's input in the job
 * @param status task status
 * @param output the task's output (a plain JSON value), or null
 * @param error the error of the last failed attempt, or null
 * @param attempt how many times the task was claimed
 * @param workerPid process id of the worker that last ran it, or null
 * @param durationMs run time of the recorded attempt in milliseconds, or null if it never
 * ran
 */
public record TaskResult(int index, TaskStatus status, Object output, String error, int attempt, Long workerPid,
		Long durationMs) {

}
