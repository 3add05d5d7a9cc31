package dev.workpool.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's own list of user-level locks, where it has one: MariaDB's
 * {@code information_schema.METADATA_LOCK_INFO} (only with the {@code metadata_lock_info}
 * plugin installed; the lock name is in {@code TABLE_SCHEMA}, the holder's connection id
 * in {@code THREAD_ID}) or MySQL's {@code performance_schema.metadata_locks} ({@code USER
 * LEVEL LOCK} rows, joined to {@code threads} for the connection id; needs the
 * performance schema and its {@code wait/lock/metadata/sql/mdl} instrument, both on by
 * default in MySQL 8). When the server's view is missing, {@link #source()} is
 * {@code none} from then on and only {@code lock_holders} is used.
 */
final class ServerLockViews {

	static final String METADATA_LOCK_INFO = "information_schema.METADATA_LOCK_INFO";

	static final String PERFORMANCE_SCHEMA = "performance_schema.metadata_locks";

	static final String NONE = "none";

	private static final String MARIADB_SQL = """
			SELECT TABLE_SCHEMA AS lock_name, THREAD_ID AS connection_id
			FROM information_schema.METADATA_LOCK_INFO
			WHERE LOCK_TYPE = 'User lock' AND TABLE_SCHEMA LIKE 'workpool%'
			""";

	private static final String MYSQL_SQL = """
			SELECT m.OBJECT_NAME AS lock_name, t.PROCESSLIST_ID AS connection_id
			FROM performance_schema.metadata_locks m
			JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID
			WHERE m.OBJECT_TYPE = 'USER LEVEL LOCK' AND m.LOCK_STATUS = 'GRANTED' AND m.OBJECT_NAME LIKE 'workpool%'
			""";

	private volatile String source;

	/** Which view answered last time: one of the constants, or null before the first. */
	String source() {
		return this.source;
	}

	/**
	 * Held locks whose names start with {@code prefix} (those of one installation), by
	 * name (lower case) to holder connection id; empty when the server has no usable
	 * view. MariaDB's performance schema is off by default and does not instrument
	 * metadata locks unless told to, so it is not asked.
	 */
	Map<String, Long> read(Connection connection, boolean mariaDb, String prefix) {
		if (NONE.equals(this.source)) {
			return Map.of();
		}
		Map<String, Long> locks = mariaDb ? query(connection, MARIADB_SQL, prefix)
				: (performanceSchemaOn(connection) ? query(connection, MYSQL_SQL, prefix) : null);
		if (locks == null) {
			this.source = NONE;
			return Map.of();
		}
		this.source = mariaDb ? METADATA_LOCK_INFO : PERFORMANCE_SCHEMA;
		return locks;
	}

	private static boolean performanceSchemaOn(Connection connection) {
		try (PreparedStatement statement = connection.prepareStatement("SELECT @@performance_schema");
				ResultSet rows = statement.executeQuery()) {
			return rows.next() && rows.getInt(1) == 1;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static Map<String, Long> query(Connection connection, String sql, String prefix) {
		String ours = prefix.toLowerCase();
		Map<String, Long> locks = new LinkedHashMap<>();
		try (PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				String name = rows.getString("lock_name").toLowerCase();
				if (name.startsWith(ours)) {
					locks.put(name, rows.getLong("connection_id"));
				}
			}
			return locks;
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
