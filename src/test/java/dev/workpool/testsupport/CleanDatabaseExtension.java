package dev.workpool.testsupport;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Empties the job tables before each test. Jobs still active from an earlier test are
 * cancelled first and given time to settle, so no worker of theirs writes into the next
 * test.
 */
public final class CleanDatabaseExtension implements BeforeEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		JdbcTemplate jdbc = SpringExtension.getApplicationContext(context).getBean(JdbcTemplate.class);
		update(jdbc, "UPDATE tasks SET status = 'CANCELLED' WHERE status = 'QUEUED'");
		// RUNNING rows that no node claimed were set up by a test's SQL: nothing will
		// settle them
		update(jdbc, "UPDATE tasks SET status = 'CANCELLED' WHERE status = 'RUNNING' AND node_id IS NULL");
		update(jdbc,
				"UPDATE jobs SET status = 'CANCELLING', version = version + 1 WHERE status IN ('QUEUED', 'RUNNING')");
		Awaitility.await("earlier jobs settle")
			.atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM tasks WHERE status = 'RUNNING'", Long.class) == 0);
		update(jdbc, "DELETE FROM tasks");
		update(jdbc, "DELETE FROM jobs");
	}

	/**
	 * These statements sweep whole tables while the scheduler still claims and settles
	 * the earlier test's tasks, row by row: InnoDB may pick the sweep as a deadlock
	 * victim. It is run again, as the scheduler's own transactions are.
	 */
	private static void update(JdbcTemplate jdbc, String sql) {
		for (int attempt = 1;; attempt++) {
			try {
				jdbc.update(sql);
				return;
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt >= 5) {
					throw ex;
				}
				try {
					Thread.sleep(50L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

}
