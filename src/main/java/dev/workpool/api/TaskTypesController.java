package dev.workpool.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.workpool.tasks.catalog.TaskCatalog;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue of task types a job may name. */
@RestController
@RequestMapping(path = "/api/v1/task-types", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Task types", description = "What jobs can run: built-in types and plugins")
class TaskTypesController {

	private final TaskCatalog catalog;

	TaskTypesController(TaskCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping
	@Operation(summary = "List task types",
			description = "Every task type with its description, origin (built-in or plugin jar), the JSON Schema "
					+ "of its params and of one input, and an example job that can be submitted as is.")
	List<TaskTypeResponse> list() {
		return this.catalog.types().stream().map(TaskTypeResponse::of).toList();
	}

	@GetMapping("/{name}")
	@Operation(summary = "Describe one task type")
	@ApiResponse(responseCode = "404", description = "No such task type")
	TaskTypeResponse get(@PathVariable String name) {
		if (!this.catalog.registry().names().contains(name)) {
			throw new TaskTypeNotFoundException(name, this.catalog.registry().names());
		}
		return TaskTypeResponse.of(this.catalog.type(name));
	}

}
