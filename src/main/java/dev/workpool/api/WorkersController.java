package dev.workpool.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workpool.jobs.WorkerDirectory;
import dev.workpool.jobs.WorkerInfo;

/**
 * The live worker processes of this node.
 */
@RestController
@RequestMapping("/api/v1/workers")
@Tag(name = "Workers", description = "Worker processes of this node")
class WorkersController {

	private final WorkerDirectory directory;

	WorkersController(WorkerDirectory directory) {
		this.directory = directory;
	}

	@GetMapping
	@Operation(summary = "List live worker processes",
			description = "Each worker is a separate JVM: its pid, state (STARTING, IDLE, BUSY, STOPPING), the job "
					+ "and task index it runs, when it started and how many tasks it finished.")
	List<WorkerInfo> workers() {
		return this.directory.workers();
	}

}
