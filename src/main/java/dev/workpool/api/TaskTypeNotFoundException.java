package dev.workpool.api;

import java.util.List;

import dev.workpool.WorkpoolException;

/** {@code GET /api/v1/task-types/{name}} for a name no task type has. */
class TaskTypeNotFoundException extends WorkpoolException {

	TaskTypeNotFoundException(String name, List<String> known) {
		super("No task type '" + name + "'; known types: " + String.join(", ", known));
	}

}
