package dev.workpool.testsupport;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
		jdbc.update("UPDATE tasks SET status = 'CANCELLED' WHERE status = 'QUEUED'");
		// RUNNING rows that no node claimed were set up by a test's SQL: nothing will
		// settle them
		jdbc.update("UPDATE tasks SET status = 'CANCELLED' WHERE status = 'RUNNING' AND node_id IS NULL");
		jdbc.update(
				"UPDATE jobs SET status = 'CANCELLING', version = version + 1 WHERE status IN ('QUEUED', 'RUNNING')");
		Awaitility.await("earlier jobs settle")
			.atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM tasks WHERE status = 'RUNNING'", Long.class) == 0);
		jdbc.update("DELETE FROM tasks");
		jdbc.update("DELETE FROM jobs");
	}

}
