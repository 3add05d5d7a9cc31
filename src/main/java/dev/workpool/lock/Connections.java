package dev.workpool.lock;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Gets rid of a connection that may still hold a named lock, so that no pool ever lends
 * it to another borrower: HikariCP evicts it (the physical connection is closed, which
 * makes the server drop the session and its locks); any other DataSource gets
 * {@link Connection#abort} and then {@link Connection#close}.
 */
final class Connections {

	private Connections() {
	}

	static void discard(DataSource dataSource, Connection connection) {
		if (evictFromHikari(dataSource, connection)) {
			closeQuietly(connection);
			return;
		}
		try {
			connection.abort(Runnable::run);
		}
		catch (SQLException | RuntimeException ex) {
			// closing below is all that is left to try
		}
		closeQuietly(connection);
	}

	static boolean isConnectionFailure(SQLException ex) {
		String state = ex.getSQLState();
		return ex instanceof java.sql.SQLNonTransientConnectionException
				|| ex instanceof java.sql.SQLTransientConnectionException
				|| ex instanceof java.sql.SQLRecoverableException || (state != null && state.startsWith("08"));
	}

	private static boolean evictFromHikari(DataSource dataSource, Connection connection) {
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				// marks the pool entry evicted and closes the physical connection now;
				// the
				// later close() of the proxy then cannot return it to the pool
				dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
				return true;
			}
		}
		catch (SQLException | RuntimeException ex) {
			// not a Hikari proxy after all
		}
		return false;
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			// already broken: nothing else to release
		}
	}

}
