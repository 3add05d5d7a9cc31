package dev.workpool.tasks.catalog;

import java.util.Map;

import dev.workpool.tasks.spi.TaskExample;

/**
 * One entry of the task-type catalogue.
 *
 * @param name the type name used in submissions
 * @param description one sentence
 * @param origin {@code built-in} or {@code plugin <jar>}
 * @param paramsSchema JSON Schema of the job's params
 * @param inputSchema JSON Schema of one input
 * @param example an example job of this type
 */
public record TaskTypeInfo(String name, String description, String origin, Map<String, Object> paramsSchema,
		Map<String, Object> inputSchema, TaskExample example) {
}
