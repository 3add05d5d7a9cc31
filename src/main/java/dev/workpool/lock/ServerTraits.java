package dev.workpool.lock;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What differs between MariaDB and MySQL for user-level locks, learnt from the first
 * connection and remembered.
 * <ul>
 * <li>MariaDB (10.1.2+) takes the {@code GET_LOCK} timeout with microseconds; MySQL uses
 * whole seconds, so a sub-second timeout is rounded <em>up</em> there (never wait less
 * than asked).</li>
 * <li>Neither may get a negative timeout: MySQL waits forever, MariaDB returns NULL. The
 * longest wait is one year, the servers' own "forever".</li>
 * </ul>
 */
final class ServerTraits {

	private static final long MAX_TIMEOUT_SECONDS = 365L * 24 * 3600;

	private volatile Boolean mariaDb;

	boolean isMariaDb(Connection connection) throws SQLException {
		Boolean known = this.mariaDb;
		if (known == null) {
			known = connection.getMetaData().getDatabaseProductVersion().toLowerCase().contains("mariadb");
			this.mariaDb = known;
		}
		return known;
	}

	/** The second argument of {@code GET_LOCK} for {@code timeout} (not negative). */
	BigDecimal timeoutArgument(Connection connection, Duration timeout) throws SQLException {
		if (timeout.getSeconds() >= MAX_TIMEOUT_SECONDS) {
			return BigDecimal.valueOf(MAX_TIMEOUT_SECONDS);
		}
		long micros = timeout.toNanos() / 1_000;
		if (isMariaDb(connection)) {
			return BigDecimal.valueOf(micros, 6);
		}
		return BigDecimal.valueOf((micros + 999_999) / 1_000_000);
	}

}
