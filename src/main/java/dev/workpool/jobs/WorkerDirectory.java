package dev.workpool.jobs;

import java.util.List;

/**
 * Lists the live worker processes of this node. Implemented by the scheduler, which owns
 * the workers; the API reads it through this interface so it never reaches into the
 * scheduler.
 */
public interface WorkerDirectory {

	List<WorkerInfo> workers();

}
