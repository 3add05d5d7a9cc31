package dev.workpool.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import dev.workpool.testsupport.TestDatabase;
import dev.workpool.worker.protocol.Message.DbSettings;
import dev.workpool.worker.protocol.Message.TaskItem;

/**
 * The database the worker ITs use, in one place. {@code WORKPOOL_TEST_DB_URL} (system
 * property or environment variable), {@code WORKPOOL_TEST_DB_USER},
 * {@code WORKPOOL_TEST_DB_PASSWORD}. Migrated with Flyway once per JVM. Also small JDBC
 * fixtures for jobs and tasks rows.
 */
public final class WorkerTestDatabase {

	/**
	 * One per test JVM: failsafe's forks may share one external server (pass 2 of
	 * .ci/run).
	 */
	private static final String DATABASE = "workpool_worker_it_" + System.getProperty("workpool.it.fork", "1");

	private static volatile String serverUrl;

	private static volatile String serverUser = "root";

	private static volatile String serverPassword = "";

	private static HikariDataSource dataSource;

	private WorkerTestDatabase() {
	}

	/**
	 * Uses a schema of its own ({@code workpool_worker_it_<fork>}) on the server the
	 * service under test uses (the embedded one, or the external one), so worker tests
	 * never meet the service's dispatcher.
	 */
	public static void useServerOf(String serviceJdbcUrl, String user, String password) {
		serverUrl = TestDatabase.schemaUrl(serviceJdbcUrl, DATABASE);
		serverUser = (user != null) ? user : "root";
		serverPassword = (password != null) ? password : "";
	}

	/** The URL of another schema on the same server (created when first used). */
	public static String urlOf(String schema) {
		return TestDatabase.schemaUrl(url(), schema);
	}

	public static String url() {
		String url = setting("WORKPOOL_TEST_DB_URL", serverUrl);
		if (url == null) {
			throw new IllegalStateException("No test database: annotate the test with @WorkerIntegrationTest");
		}
		return url;
	}

	public static String user() {
		return setting("WORKPOOL_TEST_DB_USER", serverUser);
	}

	public static String password() {
		return setting("WORKPOOL_TEST_DB_PASSWORD", serverPassword);
	}

	/** What a worker gets in its Init frame. */
	public static DbSettings dbSettings() {
		return new DbSettings(url(), user(), password(), 2, 60_000);
	}

	/** The test's own pool on the migrated database. */
	public static synchronized DataSource dataSource() {
		if (dataSource == null) {
			HikariConfig config = new HikariConfig();
			config.setPoolName("worker-it");
			config.setJdbcUrl(url());
			config.setUsername(user());
			config.setPassword(password());
			config.setMaximumPoolSize(4);
			dataSource = new HikariDataSource(config);
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		}
		return dataSource;
	}

	/** Inserts a RUNNING job; returns its id. */
	public static long insertJob(String taskType, String paramsJson, int maxAttempts) {
		return insert("""
				INSERT INTO jobs (task_type, params, parallelism, chunk_size, task_timeout_ms, max_attempts,
				    total_tasks, status, created_at, started_at)
				VALUES (?, ?, 1, 10, 30000, ?, 0, 'RUNNING', NOW(6), NOW(6))
				""", taskType, paramsJson, maxAttempts);
	}

	/** Inserts a claimed (RUNNING) task; returns its id. */
	public static long insertRunningTask(long jobId, int index, String inputJson, int attempt, int failures) {
		return insert("""
				INSERT INTO tasks (job_id, idx, status, input, attempt, failures, node_id, claimed_at)
				VALUES (?, ?, 'RUNNING', ?, ?, ?, 'node-it', NOW(6))
				""", jobId, index, inputJson, attempt, failures);
	}

	/**
	 * Inserts a claimed (RUNNING) task at its first attempt; returns it as a chunk's
	 * item.
	 */
	public static TaskItem insertRunningItem(long jobId, int index, String inputJson) {
		return new TaskItem(insertRunningTask(jobId, index, inputJson, 1, 0), index, 1, 0, inputJson);
	}

	/** The task row as column name to value. */
	public static Map<String, Object> task(long id) {
		try (Connection connection = dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT * FROM tasks WHERE id = ?")) {
			statement.setLong(1, id);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("No task " + id);
				}
				Map<String, Object> row = new LinkedHashMap<>();
				for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
					row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
				}
				return row;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long insert(String sql, Object... arguments) {
		try (Connection connection = dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
			for (int i = 0; i < arguments.length; i++) {
				statement.setObject(i + 1, arguments[i]);
			}
			statement.executeUpdate();
			try (ResultSet keys = statement.getGeneratedKeys()) {
				keys.next();
				return keys.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String setting(String name, String defaultValue) {
		String value = System.getProperty(name, System.getenv(name));
		return (value != null) ? value : defaultValue;
	}

}
