package dev.workpool.embeddeddb;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Runs real MariaDB servers on data directories under {@code target/}. Skipped in the
 * external-database pass, which has nothing embedded to test.
 */
@DisabledIfEnvironmentVariable(named = "WORKPOOL_IT_EXTERNAL_DB", matches = "true")
class EmbeddedMariaDbIT {

	private static final Pattern READY_LINE = Pattern.compile(EmbeddedMariaDbChild.READY + " port=(\\d+) pid=(\\d+)");

	private final List<Path> dataDirs = new ArrayList<>();

	private Process child;

	@AfterEach
	void stopEverythingStarted() {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
		for (Path dataDir : this.dataDirs) {
			OrphanReaper reaper = new OrphanReaper(dataDir, dataDir.resolve(EmbeddedMariaDb.PID_FILE),
					Duration.ofSeconds(15));
			reaper.findServers().forEach(reaper::stop);
		}
	}

	@Test
	void dataSurvivesARestartOnAnotherPortWhenItsPortWasTakenAndTheServerListensOnLoopbackOnly() throws Exception {
		Path dataDir = newDataDir();
		long firstPid;
		int firstPort;
		try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dataDir, 0, "workpool")) {
			firstPid = db.pid();
			firstPort = db.port();
			assertThat(firstPort).as("a picked port, below the ephemeral range")
				.isLessThan(FreePorts.ephemeralRangeStart(FreePorts.EPHEMERAL_RANGE));
			assertThat(db.jdbcUrl()).startsWith("jdbc:mysql://127.0.0.1:" + db.port() + "/workpool?")
				.contains("rewriteBatchedStatements=true");
			execute(db.jdbcUrl(), "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(50))",
					"INSERT INTO notes VALUES (1, 'kept')");
		}
		assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(dataDir.resolve(EmbeddedMariaDb.PID_FILE)).doesNotExist();

		// another process takes the port between the pick and the server's bind
		try (ServerSocket taken = new ServerSocket(firstPort, 50, InetAddress.getLoopbackAddress())) {
			assertThatExceptionOfType(EmbeddedDbException.class)
				.isThrownBy(() -> EmbeddedMariaDb.start(dataDir, firstPort, "workpool"))
				.withMessageContaining("port " + firstPort + " on 127.0.0.1 is in use");
			int secondPort = FreePorts.pick();
			Iterator<Integer> ports = List.of(firstPort, secondPort).iterator();
			try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dataDir, ports::next, 2, "workpool")) {
				assertThat(db.port()).isEqualTo(secondPort);
				assertDataKeptAndLoopbackOnly(db);
			}
		}
	}

	private static void assertDataKeptAndLoopbackOnly(EmbeddedMariaDb db) throws Exception {
		assertThat(queryString(db.jdbcUrl(), "SELECT body FROM notes WHERE id = 1")).isEqualTo("kept");
		assertThat(queryString(db.jdbcUrl(), "SELECT @@bind_address")).isEqualTo("127.0.0.1");
		// no TLS certificate generated on each start (seconds to a minute)
		assertThat(queryString(db.jdbcUrl(), "SELECT @@have_ssl")).isEqualTo("DISABLED");
		Optional<InetAddress> external = nonLoopbackAddress();
		if (external.isPresent()) {
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> connect(external.get(), db.port()));
		}
	}

	@Test
	void startStopsTheServerOrphanedByAKilledOwnerAndKeepsItsData() throws Exception {
		Path dataDir = newDataDir();
		Path childLog = dataDir.resolveSibling("child.log");
		this.child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), EmbeddedMariaDbChild.class.getName(), dataDir.toString())
			.redirectErrorStream(true)
			.redirectOutput(childLog.toFile())
			.start();
		Matcher ready = await("child JVM prints its port").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> readyLine(childLog), Optional::isPresent)
			.get();
		int orphanPort = Integer.parseInt(ready.group(1));
		long orphanPid = Long.parseLong(ready.group(2));
		String orphanUrl = "jdbc:mysql://127.0.0.1:" + orphanPort + "/workpool?sslMode=DISABLED";
		execute(orphanUrl, "CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(50))",
				"INSERT INTO notes VALUES (1, 'written before kill -9')");

		this.child.destroyForcibly().waitFor();
		assertThat(ProcessHandle.of(orphanPid)).hasValueSatisfying((orphan) -> assertThat(orphan.isAlive()).isTrue());
		assertThat(queryString(orphanUrl, "SELECT 1")).isEqualTo("1");

		try (EmbeddedMariaDb db = EmbeddedMariaDb.start(dataDir, 0, "workpool")) {
			assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
			assertThat(db.pid()).isNotEqualTo(orphanPid);
			assertThat(queryString(db.jdbcUrl(), "SELECT body FROM notes WHERE id = 1"))
				.isEqualTo("written before kill -9");
		}
	}

	private Path newDataDir() throws IOException {
		Path dataDir = Path.of("target", "embedded-mariadb-it", UUID.randomUUID().toString(), "db").toAbsolutePath();
		Files.createDirectories(dataDir.getParent());
		this.dataDirs.add(dataDir);
		return dataDir;
	}

	private static Optional<Matcher> readyLine(Path log) throws IOException {
		if (!Files.exists(log)) {
			return Optional.empty();
		}
		Matcher matcher = READY_LINE.matcher(Files.readString(log));
		return matcher.find() ? Optional.of(matcher) : Optional.empty();
	}

	private static void execute(String url, String... sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "root", "");
				Statement statement = connection.createStatement()) {
			for (String each : sql) {
				statement.execute(each);
			}
		}
	}

	private static String queryString(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, "root", "");
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).as("a row from %s", sql).isTrue();
			return result.getString(1);
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter((nic) -> isUp(nic))
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
			.findFirst();
	}

	private static boolean isUp(NetworkInterface nic) {
		try {
			return nic.isUp();
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static void connect(InetAddress address, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address, port), 2000);
		}
	}

}
