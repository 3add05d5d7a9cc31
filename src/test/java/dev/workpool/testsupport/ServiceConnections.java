package dev.workpool.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/** The database connections of the service's own pool, to tell them from workers'. */
public final class ServiceConnections {

	private ServiceConnections() {
	}

	/**
	 * CONNECTION_ID()s of the service's pool, taken all at once so each is a distinct
	 * connection (two are left free for the running service).
	 */
	public static Set<Long> ids(DataSource dataSource) throws SQLException {
		HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
		List<Connection> held = new ArrayList<>();
		Set<Long> ids = new HashSet<>();
		try {
			for (int i = 0; i < hikari.getMaximumPoolSize() - 2; i++) {
				Connection connection = hikari.getConnection();
				held.add(connection);
				try (Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
					rs.next();
					ids.add(rs.getLong(1));
				}
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
		return ids;
	}

}
