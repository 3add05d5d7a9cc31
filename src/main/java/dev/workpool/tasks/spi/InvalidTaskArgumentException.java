package dev.workpool.tasks.spi;

import dev.workpool.WorkpoolException;

/**
 * A job's params or one of its inputs is not acceptable to its task type. {@code field}
 * is a JSON path into the submission, such as {@code params.rounds} or {@code inputs[3]}.
 */
public class InvalidTaskArgumentException extends WorkpoolException {

	private final String taskType;

	private final String field;

	private final String problem;

	public InvalidTaskArgumentException(String taskType, String field, String problem) {
		super("Task type '" + taskType + "': " + field + " " + problem);
		this.taskType = taskType;
		this.field = field;
		this.problem = problem;
	}

	public String taskType() {
		return this.taskType;
	}

	public String field() {
		return this.field;
	}

	/** What is wrong with the field, e.g. {@code is required}. */
	public String problem() {
		return this.problem;
	}

}
