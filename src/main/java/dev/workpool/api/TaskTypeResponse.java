package dev.workpool.api;

import java.util.List;
import java.util.Map;

import dev.workpool.tasks.catalog.TaskTypeInfo;

/**
 * One task type of the catalogue.
 *
 * @param name the value of a job's {@code task}
 * @param description one sentence
 * @param origin {@code built-in} or {@code plugin <jar>}
 * @param paramsSchema JSON Schema of the job's {@code params}
 * @param inputSchema JSON Schema of each of the job's {@code inputs}
 * @param example a job of this type, ready to POST to {@code /api/v1/jobs}
 */
record TaskTypeResponse(String name, String description, String origin, Map<String, Object> paramsSchema,
		Map<String, Object> inputSchema, ExampleJob example) {

	static TaskTypeResponse of(TaskTypeInfo info) {
		return new TaskTypeResponse(info.name(), info.description(), info.origin(), info.paramsSchema(),
				info.inputSchema(), new ExampleJob(info.name(), info.example().params(), info.example().inputs(), 2));
	}

	/**
	 * A job submission body.
	 *
	 * @param task the task type
	 * @param params the params
	 * @param inputs the inputs
	 * @param parallelism tasks at once
	 */
	record ExampleJob(String task, Map<String, Object> params, List<Object> inputs, int parallelism) {
	}

}
