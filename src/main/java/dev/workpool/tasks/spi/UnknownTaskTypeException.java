package dev.workpool.tasks.spi;

import java.util.List;

import dev.workpool.WorkpoolException;

/** A job names a task type no registered {@link Task} provides. */
public class UnknownTaskTypeException extends WorkpoolException {

	private final String taskType;

	private final List<String> knownTypes;

	public UnknownTaskTypeException(String taskType, List<String> knownTypes) {
		super("Unknown task type '" + taskType + "'; known types: " + String.join(", ", knownTypes));
		this.taskType = taskType;
		this.knownTypes = List.copyOf(knownTypes);
	}

	public String taskType() {
		return this.taskType;
	}

	public List<String> knownTypes() {
		return this.knownTypes;
	}

}
