package dev.workpool.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.PauseClaimingExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's claims, found and released through the claim index of the jobs in progress
 * (V6), on the real database. The nodes here are made up: the service's own dispatcher
 * claims nothing meanwhile, and its reaper only takes over nodes past its own lease.
 */
@IntegrationTest
@ExtendWith(PauseClaimingExtension.class)
class TaskQueueIT {

	private static final String NODE_A = "it-node-a";

	private static final String NODE_B = "it-node-b";

	@Autowired
	JobService jobs;

	@Autowired
	TaskQueue queue;

	@Autowired
	NodeRegistry nodes;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void setUp() {
		new JobTables(this.jdbc).clear();
		this.jdbc.sql("DELETE FROM nodes WHERE id IN (?, ?)").params(NODE_A, NODE_B).update();
	}

	@Test
	void aNodesRunningClaimsAreFoundAndReleasedThroughItsJobsAndNoOtherNodesClaimIsTouched() {
		long job = this.jobs.submit(aJob().withInputCount(6).withParallelism(4).toSubmission()).id();
		long other = this.jobs.submit(aJob().withInputCount(2).withParallelism(4).toSubmission()).id();
		List<ClaimedTask> a = this.queue.claim(job, NODE_A, 2, 1).chunks().get(0);
		List<ClaimedTask> b = this.queue.claim(job, NODE_B, 2, 1).chunks().get(0);
		List<ClaimedTask> aOther = this.queue.claim(other, NODE_A, 2, 1).chunks().get(0);
		this.nodes.register(NODE_A, "it", 1);
		this.nodes.register(NODE_B, "it", 2);
		// a lease of zero: both are past it for this query, not for the service's reaper
		assertThat(this.nodes.deadNodesHoldingTasks("it-self", Duration.ZERO)).contains(NODE_A, NODE_B);

		int orphans = this.queue.releaseOrphans(NODE_A, Set.of(a.get(0).ref(), a.get(1).ref()));

		assertThat(orphans).as("node A's claims its workers do not hold").isEqualTo(2);
		assertThat(statusAndNode(aOther)).containsOnly("QUEUED/null");
		assertThat(statusAndNode(a)).containsOnly("RUNNING/" + NODE_A);

		assertThat(this.queue.releaseNode(NODE_A)).isEqualTo(2);

		assertThat(statusAndNode(a)).containsOnly("QUEUED/null");
		assertThat(statusAndNode(b)).as("node B's claims").containsOnly("RUNNING/" + NODE_B);
		assertThat(this.nodes.deadNodesHoldingTasks("it-self", Duration.ZERO)).contains(NODE_B).doesNotContain(NODE_A);
		assertThat(this.queue.releaseNode(NODE_A)).isZero();
	}

	private List<String> statusAndNode(List<ClaimedTask> tasks) {
		return tasks.stream()
			.map((task) -> this.jdbc
				.sql("SELECT CONCAT(status, '/', COALESCE(node_id, 'null')) FROM tasks WHERE id = ?")
				.param(task.taskId())
				.query(String.class)
				.single())
			.toList();
	}

}
