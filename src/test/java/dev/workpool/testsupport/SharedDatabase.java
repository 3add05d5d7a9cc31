package dev.workpool.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.workpool.embeddeddb.EmbeddedMariaDb;

/**
 * The one database several service processes (replicas) of a test share: an embedded
 * MariaDB run by the test JVM itself, so the test can stop, pause and restart it — or,
 * when the suite runs against an external database, a database of its own there.
 */
public final class SharedDatabase implements AutoCloseable {

	private final Path dataDir;

	private final String name;

	private final int port;

	private volatile EmbeddedMariaDb embedded;

	private SharedDatabase(Path dataDir, String name, int port, EmbeddedMariaDb embedded) {
		this.dataDir = dataDir;
		this.name = name;
		this.port = port;
		this.embedded = embedded;
	}

	/**
	 * Starts an embedded server in {@code dataDir}, or drops and re-creates {@code name}
	 * on the external server.
	 */
	public static SharedDatabase start(Path dataDir, String name) throws Exception {
		if (TestDatabase.isExternal()) {
			try (Connection connection = DriverManager.getConnection(TestDatabase.externalUrl("mysql"),
					TestDatabase.externalUser(), TestDatabase.externalPassword());
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + name);
			}
			return new SharedDatabase(dataDir, name, 0, null);
		}
		EmbeddedMariaDb embedded = EmbeddedMariaDb.start(dataDir, 0, "workpool");
		return new SharedDatabase(dataDir, name, embedded.port(), embedded);
	}

	/** Arguments that point a service process at this database. */
	public List<String> serviceArgs() {
		List<String> args = new ArrayList<>();
		if (this.embedded != null) {
			args.add("--spring.datasource.url=" + this.embedded.jdbcUrl());
			args.add("--spring.datasource.username=" + this.embedded.user());
			args.add("--spring.datasource.password=");
		}
		return args;
	}

	/** The name {@link ServiceProcess#start} needs for the external database. */
	public String name() {
		return this.name;
	}

	public Connection connect() throws SQLException {
		if (this.embedded == null) {
			return DriverManager.getConnection(TestDatabase.externalUrl(this.name), TestDatabase.externalUser(),
					TestDatabase.externalPassword());
		}
		return DriverManager.getConnection(jdbcUrl(), "root", "");
	}

	/** A single number from a query with one bound parameter per argument. */
	public long number(String sql, Object... args) {
		try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? rs.getLong(1) : -1;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The pid of the embedded server process. */
	public long serverPid() {
		return this.embedded.pid();
	}

	/** Stops the embedded server (a clean shutdown: every connection is closed). */
	public void stop() {
		this.embedded.close();
	}

	/** Starts the embedded server again on the same data directory and port. */
	public void restart() {
		this.embedded = EmbeddedMariaDb.start(this.dataDir, this.port, "workpool");
	}

	@Override
	public void close() {
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

	private String jdbcUrl() {
		return "jdbc:mysql://127.0.0.1:" + this.port + "/workpool?sslMode=DISABLED&connectTimeout=5000";
	}

}
