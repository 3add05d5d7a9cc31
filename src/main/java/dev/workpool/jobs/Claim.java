package dev.workpool.jobs;

import java.util.List;

/**
 * What one claim got: chunks of tasks now RUNNING for this node, each a claim of its own,
 * or nothing, and then why.
 *
 * @param chunks the claimed chunks, each lowest index first; empty when nothing was
 * claimed
 * @param claimIds the claim id of each chunk, in the same order
 * @param atParallelism nothing was claimed because the job already runs
 * {@code parallelism} chunks on all nodes together (or is no longer QUEUED or RUNNING);
 * false when it simply has no claimable task now
 */
public record Claim(List<List<ClaimedTask>> chunks, List<Long> claimIds, boolean atParallelism) {

	static final Claim NONE = new Claim(List.of(), List.of(), false);

	static final Claim FULL = new Claim(List.of(), List.of(), true);

	public boolean isEmpty() {
		return this.chunks.isEmpty();
	}

}
