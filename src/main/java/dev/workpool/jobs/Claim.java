package dev.workpool.jobs;

import java.util.List;

/**
 * What one claim got: a chunk of tasks now RUNNING for this node, or nothing, and then
 * why.
 *
 * @param tasks the claimed tasks, lowest index first; empty when nothing was claimed
 * @param atParallelism nothing was claimed because the job already runs
 * {@code parallelism} chunks on all nodes together (or is no longer QUEUED or RUNNING);
 * false when it simply has no claimable task now
 */
public record Claim(List<ClaimedTask> tasks, boolean atParallelism) {

	static final Claim NONE = new Claim(List.of(), false);

	static final Claim FULL = new Claim(List.of(), true);

	public boolean isEmpty() {
		return this.tasks.isEmpty();
	}

}
