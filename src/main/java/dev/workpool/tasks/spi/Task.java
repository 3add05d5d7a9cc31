package dev.workpool.tasks.spi;

import java.util.List;
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
 *
 * <p>
 * A task type describes itself for the catalogue ({@code GET /api/v1/task-types}): its
 * params as a JSON Schema ({@link #paramsSchema()}), the shape of one input
 * ({@link #inputSchema()}) and an example job ({@link #example()}). The service checks
 * every submission against both schemas, fills in the params' top-level {@code default}s,
 * then calls {@link #validateParams} and {@link #validateInput(int, Object, Map)} for
 * checks a schema cannot express — all before anything is stored.
 */
public interface Task {

	/** The params schema of a task type that takes no params. */
	String NO_PARAMS = "{\"type\": \"object\", \"additionalProperties\": false}";

	/** The input schema that accepts any JSON value. */
	String ANY_INPUT = "{}";

	/** The type name used in job submissions, e.g. {@code "echo"}. */
	String name();

	/** One sentence for the task-type catalogue. */
	String description();

	/**
	 * The JSON Schema (draft 2020-12, as JSON text) of the job's params object. Top-level
	 * properties with a {@code default} are filled in at submission, so tasks see them
	 * and the stored job shows them.
	 */
	default String paramsSchema() {
		return NO_PARAMS;
	}

	/** The JSON Schema (draft 2020-12, as JSON text) of one input. */
	default String inputSchema() {
		return ANY_INPUT;
	}

	/** An example job of this type, shown in the catalogue and in Swagger UI. */
	default TaskExample example() {
		return new TaskExample(Map.of(), List.of("alpha", "beta"));
	}

	/**
	 * Receives the operator's settings for this type ({@code workpool.tasks.<name>.*}),
	 * once, right after loading and before any other call — in the service and in every
	 * worker. Settings are plain JSON values; an empty map when none are set.
	 * @param settings the settings of this task type
	 * @throws IllegalArgumentException naming the property for a bad setting
	 */
	default void configure(Map<String, Object> settings) {
	}

	/**
	 * Checks the job's params at submission, before anything is stored, after they passed
	 * {@link #paramsSchema()} and got its defaults.
	 * @param params the job's params (never null, may be empty)
	 * @throws InvalidTaskArgumentException naming the offending field
	 */
	default void validateParams(Map<String, Object> params) {
	}

	/**
	 * Checks one input at submission, before anything is stored, after it passed
	 * {@link #inputSchema()}.
	 * @param index position of the input
	 * @param input the input value
	 * @throws InvalidTaskArgumentException naming the offending field
	 */
	default void validateInput(int index, Object input) {
	}

	/**
	 * Checks one input at submission in the light of the job's params, for types whose
	 * input shape depends on them (e.g. the fields a named statement binds). Called after
	 * {@link #validateParams} accepted {@code params}; by default it calls
	 * {@link #validateInput(int, Object)}.
	 * @param index position of the input
	 * @param input the input value
	 * @param params the job's params, with the schema's defaults filled in
	 * @throws InvalidTaskArgumentException naming the offending field
	 */
	default void validateInput(int index, Object input, Map<String, Object> params) {
		validateInput(index, input);
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
