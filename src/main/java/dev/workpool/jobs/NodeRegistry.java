package dev.workpool.jobs;

import java.time.Duration;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Service instances (nodes) sharing the database. A node heartbeats its row; a node whose
 * heartbeat is older than the lease timeout (by the database's clock, never a node's) is
 * dead.
 */
public class NodeRegistry {

	private static final String REGISTER = """
			INSERT INTO nodes (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))
			""";

	private static final String HEARTBEAT = "UPDATE nodes SET heartbeat_at = UTC_TIMESTAMP(6) WHERE id = ? AND stopped_at IS NULL";

	private static final String REJOIN = "UPDATE nodes SET heartbeat_at = UTC_TIMESTAMP(6), stopped_at = NULL WHERE id = ?";

	private static final String STOP = "UPDATE nodes SET stopped_at = UTC_TIMESTAMP(6) WHERE id = ? AND stopped_at IS NULL";

	// the nodes of the RUNNING tasks of jobs in progress, from the claim index alone
	// (node_id is its last column, V6; a task runs only while its job is in progress),
	// never a scan of finished tasks
	private static final String DEAD_NODES_HOLDING_TASKS = """
			SELECT n.id
			FROM nodes n
			WHERE n.id <> :self
			  AND (n.stopped_at IS NOT NULL
			       OR n.heartbeat_at < UTC_TIMESTAMP(6) - INTERVAL :leaseMicros MICROSECOND)
			  AND n.id IN (SELECT t.node_id
			               FROM jobs j FORCE INDEX (jobs_status_id)
			               JOIN tasks t FORCE INDEX (tasks_claim) ON t.job_id = j.id AND t.status = 'RUNNING'
			               WHERE j.status IN (%s))
			""".formatted(JobStatus.IN_PROGRESS_SQL);

	private final JdbcClient jdbc;

	public NodeRegistry(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void register(String nodeId, String host, long pid) {
		this.jdbc.sql(REGISTER).params(nodeId, host, pid).update();
	}

	/**
	 * @return false when the row is gone or marked stopped
	 */
	public boolean heartbeat(String nodeId) {
		return this.jdbc.sql(HEARTBEAT).param(nodeId).update() == 1;
	}

	/**
	 * Brings a live node back after another node declared it dead (its claims were
	 * re-queued then; results of those attempts are refused by their fence).
	 */
	public void rejoin(String nodeId, String host, long pid) {
		if (this.jdbc.sql(REJOIN).param(nodeId).update() == 0) {
			register(nodeId, host, pid);
		}
	}

	public void markStopped(String nodeId) {
		this.jdbc.sql(STOP).param(nodeId).update();
	}

	/**
	 * Nodes other than {@code self} that hold RUNNING tasks but are stopped or past their
	 * lease.
	 */
	public List<String> deadNodesHoldingTasks(String self, Duration leaseTimeout) {
		return this.jdbc.sql(DEAD_NODES_HOLDING_TASKS)
			.param("self", self)
			.param("leaseMicros", leaseTimeout.toNanos() / 1000)
			.query(String.class)
			.list();
	}

}
