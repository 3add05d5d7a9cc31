package dev.workpool.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.workpool.lock.LockService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Named locks held right now, by any node or worker on the same database. */
@RestController
@RequestMapping("/api/v1/locks")
@Tag(name = "Locks", description = "Named locks (GET_LOCK) of this installation (names workpool@<schema>:...)")
class LocksController {

	private final LockService locks;

	LocksController(LockService locks) {
		this.locks = locks;
	}

	@GetMapping
	@Operation(summary = "List held locks",
			description = "Locks of this installation (names workpool@<schema>:...) held right now, oldest first, with the holder's "
					+ "process id, node, job and database connection id. Holders are read from the lock_holders "
					+ "table and checked against IS_USED_LOCK; on MariaDB with the metadata_lock_info plugin or on "
					+ "MySQL (performance_schema.metadata_locks) locks without such a row are listed too. The job "
					+ "log's own short lock (workpool@<schema>:joblog:<id>) has no row: it is listed only from those views.")
	List<LockResponse> locks() {
		return this.locks.heldLocks().stream().map(LockResponse::of).toList();
	}

}
