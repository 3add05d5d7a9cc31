package dev.workpool.tasks.spi;

import java.util.Map;

/**
 * A task type: the code a worker process runs once per input. Implementations are small
 * final classes with a public no-argument constructor, registered through
 * {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.workpool.tasks.spi.Task}). They run inside worker
 * processes, never in the service, so they must not rely on Spring.
 *
 * <p>
 * Inputs, params and outputs are plain JSON values as Java objects: {@code null},
 * {@link Boolean}, {@link Number}, {@link String}, {@link java.util.List} and
 * {@link Map}.
 */
public interface Task {

	/** The type name used in job submissions, e.g. {@code "echo"}. */
	String name();

	/** One sentence for the task-type catalogue. */
	String description();

	/**
	 * Checks the job's params at submission, before anything is stored.
	 * @param params the job's params (never null, may be empty)
	 * @throws InvalidTaskArgumentException naming the offending field
	 */
	default void validateParams(Map<String, Object> params) {
	}

	/**
	 * Checks one input at submission, before anything is stored.
	 * @param index position of the input
	 * @param input the input value
	 * @throws InvalidTaskArgumentException naming the offending field
	 */
	default void validateInput(int index, Object input) {
	}

	/**
	 * Runs the task for one input.
	 * @param input the input value
	 * @param context the job's params, the worker's own DataSource, cancellation
	 * @return the output, a plain JSON value
	 * @throws Exception any failure; it becomes the task's error (and may be retried)
	 */
	Object run(Object input, TaskContext context) throws Exception;

}
