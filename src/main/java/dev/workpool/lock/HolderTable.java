package dev.workpool.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lock_holders} table: one row per held lock saying who holds it, written by
 * the holder on its lock connection right after {@code GET_LOCK} and deleted before
 * {@code RELEASE_LOCK} (autocommit). A holder that dies leaves its row behind; readers
 * trust a row only while {@code IS_USED_LOCK(lock_name)} still equals its
 * {@code connection_id}, and delete it otherwise.
 */
final class HolderTable {

	private static final String RECORD = """
			REPLACE INTO lock_holders (lock_name, requested_name, connection_id, pid, node, job_id, since)
			VALUES (?, ?, CONNECTION_ID(), ?, ?, ?, UTC_TIMESTAMP(6))
			""";

	private static final String FORGET = """
			DELETE FROM lock_holders WHERE lock_name = ? AND connection_id = CONNECTION_ID()
			""";

	private static final String LIST = """
			SELECT lock_name, requested_name, connection_id, pid, node, job_id, since,
			       IS_USED_LOCK(lock_name) AS holder
			FROM lock_holders ORDER BY since, lock_name
			""";

	private static final String DELETE_STALE = """
			DELETE FROM lock_holders
			WHERE lock_name = ? AND connection_id = ? AND NOT (IS_USED_LOCK(lock_name) <=> connection_id)
			""";

	private HolderTable() {
	}

	static void record(Connection connection, String lockName, String requestedName, LockOwner owner)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
			statement.setString(1, lockName);
			statement.setString(2, truncate(requestedName, 255));
			statement.setLong(3, owner.pid());
			statement.setString(4, truncate(owner.node(), 128));
			if (owner.jobId() != null) {
				statement.setLong(5, owner.jobId());
			}
			else {
				statement.setNull(5, Types.BIGINT);
			}
			statement.executeUpdate();
		}
	}

	static void forget(Connection connection, String lockName) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(FORGET)) {
			statement.setString(1, lockName);
			statement.executeUpdate();
		}
	}

	/** Rows whose holder still holds the lock; stale rows are deleted on the way. */
	static List<HeldLock> live(Connection connection) throws SQLException {
		List<HeldLock> live = new ArrayList<>();
		List<HeldLock> stale = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(LIST);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				long connectionId = rows.getLong("connection_id");
				LocalDateTime since = rows.getObject("since", LocalDateTime.class);
				HeldLock lock = new HeldLock(rows.getString("lock_name"), rows.getString("requested_name"),
						connectionId, rows.getObject("pid", Long.class), rows.getString("node"),
						rows.getObject("job_id", Long.class), (since != null) ? since.toInstant(ZoneOffset.UTC) : null);
				Long holder = rows.getObject("holder", Long.class);
				((holder != null && holder == connectionId) ? live : stale).add(lock);
			}
		}
		for (HeldLock lock : stale) {
			try (PreparedStatement statement = connection.prepareStatement(DELETE_STALE)) {
				statement.setString(1, lock.name());
				statement.setLong(2, lock.connectionId());
				statement.executeUpdate();
			}
		}
		return live;
	}

	private static String truncate(String value, int max) {
		return (value != null && value.length() > max) ? value.substring(0, max) : value;
	}

}
