package dev.workpool.jobs;

import dev.workpool.WorkpoolException;

/**
 * A job submission or query is not acceptable. {@code field} names the offending part,
 * such as {@code parallelism}, {@code inputs} or {@code cursor}.
 */
public class InvalidJobException extends WorkpoolException {

	private final String field;

	private final String problem;

	public InvalidJobException(String field, String problem) {
		super("Invalid " + field + ": " + problem);
		this.field = field;
		this.problem = problem;
	}

	public String field() {
		return this.field;
	}

	/** The problem without the field name, e.g. {@code must be between 1 and 1024}. */
	public String problem() {
		return this.problem;
	}

}
