package dev.workpool.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named locks shared by every process on the same MySQL/MariaDB server: the service's
 * nodes and all their workers. Built on {@code GET_LOCK}; each held lock pins one
 * connection of the given DataSource until its {@link LockHandle} is closed. Plain Java:
 * the service and the Spring-free worker (on its own HikariCP pool) use the same class.
 * <p>
 * Names are namespaced by the schema the pool connects to, so installations in two
 * schemas of one server never share a lock, and fit the 64-character limit whatever their
 * length (see {@link #databaseName(String)}). Outcomes of {@link #acquire}: a handle
 * (GET_LOCK returned 1), {@link LockTimeoutException} (0),
 * {@link LockUnavailableException} (NULL or a server error),
 * {@link LockConnectionException} (no connection, or it broke).
 */
public final class LockService {

	private static final Logger log = LoggerFactory.getLogger(LockService.class);

	private static final String GET_LOCK = "SELECT GET_LOCK(?, ?), CONNECTION_ID()";

	private final DataSource dataSource;

	private final LockOwner owner;

	private final ServerTraits traits;

	private final ServerLockViews views;

	/**
	 * This installation's name prefix, read from the pool's schema on first use; shared
	 * with the {@link #forJob} copies.
	 */
	private final AtomicReference<String> prefix;

	/**
	 * Locks held by this process, for no particular job, on a node named after the host.
	 */
	public LockService(DataSource dataSource) {
		this(dataSource, LockOwner.currentProcess());
	}

	/** Locks held by {@code owner}, as {@link #heldLocks()} will show. */
	public LockService(DataSource dataSource, LockOwner owner) {
		this(dataSource, owner, new ServerTraits(), new ServerLockViews(), new AtomicReference<>());
	}

	private LockService(DataSource dataSource, LockOwner owner, ServerTraits traits, ServerLockViews views,
			AtomicReference<String> prefix) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.owner = Objects.requireNonNull(owner, "owner");
		this.traits = traits;
		this.views = views;
		this.prefix = prefix;
	}

	/** The same service, recording {@code jobId} as the holder's job. */
	public LockService forJob(long jobId) {
		return new LockService(this.dataSource, this.owner.forJob(jobId), this.traits, this.views, this.prefix);
	}

	/** Who this service's locks are recorded as held by. */
	public LockOwner owner() {
		return this.owner;
	}

	/**
	 * The name the database sees for {@code name}: {@code workpool@<schema>:<name>}, or,
	 * for names that are long or contain characters other than {@code a-z 0-9 : . _ -},
	 * {@code workpool@<schema>:<first characters>#<128-bit SHA-256 prefix in hex>}; never
	 * longer than 64 characters, and distinct names stay distinct (the server compares
	 * names case-insensitively, so names with upper case are hashed too). A schema name
	 * longer than 16 characters or with other characters than {@code a-z 0-9 _} appears
	 * as {@code ~} and 8 hex digits of its hash. The first call per service asks the pool
	 * for its schema.
	 * @throws LockConnectionException the schema could not be read
	 */
	public String databaseName(String name) {
		return LockNames.toDatabaseName(prefix(), name);
	}

	private String prefix() {
		String known = this.prefix.get();
		if (known != null) {
			return known;
		}
		try (Connection connection = this.dataSource.getConnection()) {
			this.prefix.compareAndSet(null, LockNames.prefix(connection.getCatalog()));
			return this.prefix.get();
		}
		catch (SQLException ex) {
			throw new LockConnectionException(LockNames.FAMILY + "*",
					"reading the schema that namespaces this installation's locks", ex);
		}
	}

	/**
	 * Takes the lock, waiting at most {@code timeout} (zero: try once). The handle owns a
	 * dedicated connection until closed.
	 * @throws LockTimeoutException another session held it for the whole timeout
	 * @throws LockUnavailableException GET_LOCK returned NULL or failed (killed while
	 * waiting, deadlock, invalid name, negative timeout)
	 * @throws LockConnectionException no connection could be had, or it broke
	 */
	public LockHandle acquire(String name, Duration timeout) {
		return acquire(name, timeout, true);
	}

	/**
	 * Like {@link #acquire}, but the holder is not written to {@code lock_holders}: for a
	 * lock held about a millisecond at a time by code that fences its own writes with it
	 * (the job log's), where writing and deleting that row would be two of the handful of
	 * statements each acquisition costs. {@link #heldLocks()} lists such a lock only as
	 * the server's own view sees it (name and connection id, where there is a view).
	 */
	public LockHandle acquireUnrecorded(String name, Duration timeout) {
		return acquire(name, timeout, false);
	}

	private LockHandle acquire(String name, Duration timeout, boolean record) {
		String lockName = databaseName(name);
		if (timeout == null || timeout.isNegative()) {
			throw new LockUnavailableException(lockName,
					"the timeout must be zero or more (MariaDB answers NULL to a negative one), not " + timeout, null);
		}
		Connection connection;
		try {
			connection = this.dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new LockConnectionException(lockName, "getting a connection from the pool", ex);
		}
		long connectionId;
		try {
			connectionId = getLock(connection, lockName, timeout);
		}
		catch (LockTimeoutException ex) {
			close(connection);
			throw ex;
		}
		catch (RuntimeException ex) {
			Connections.discard(this.dataSource, connection);
			throw ex;
		}
		boolean recorded = false;
		try {
			recorded = record && recordHolder(connection, lockName, name);
		}
		catch (LockConnectionException ex) {
			Connections.discard(this.dataSource, connection);
			throw ex;
		}
		return new LockHandle(this.dataSource, lockName, name, connection, connectionId, recorded);
	}

	/** Runs {@code action} while holding the lock; see {@link #acquire}. */
	public <T> T withLock(String name, Duration timeout, Supplier<T> action) {
		try (LockHandle handle = acquire(name, timeout)) {
			return action.get();
		}
	}

	/** Runs {@code action} while holding the lock; see {@link #acquire}. */
	public void withLock(String name, Duration timeout, Runnable action) {
		try (LockHandle handle = acquire(name, timeout)) {
			action.run();
		}
	}

	/**
	 * This installation's locks held right now on the server, oldest first. Holders are
	 * read from {@code lock_holders} and trusted only while {@code IS_USED_LOCK} still
	 * names their connection (stale rows of dead holders are deleted here); locks that
	 * the server's own view ({@link #heldLocksSource()}) lists without such a row (those
	 * taken with {@link #acquireUnrecorded}, or by other clients) are added with what the
	 * view knows (name and connection id). Without a view they are not listed.
	 */
	public List<HeldLock> heldLocks() {
		try (Connection connection = this.dataSource.getConnection()) {
			List<HeldLock> locks = new ArrayList<>(HolderTable.live(connection));
			Set<String> known = locks.stream().map((lock) -> lock.name().toLowerCase()).collect(Collectors.toSet());
			for (Map.Entry<String, Long> entry : this.views
				.read(connection, this.traits.isMariaDb(connection), prefix())
				.entrySet()) {
				if (!known.contains(entry.getKey())) {
					locks.add(new HeldLock(entry.getKey(), null, entry.getValue(), null, null, null, null));
				}
			}
			return locks;
		}
		catch (SQLException ex) {
			throw new LockConnectionException(LockNames.FAMILY + "*", "listing held locks", ex);
		}
	}

	/**
	 * Where {@link #heldLocks()} found locks besides {@code lock_holders}:
	 * {@code information_schema.METADATA_LOCK_INFO} (MariaDB with the metadata_lock_info
	 * plugin), {@code performance_schema.metadata_locks} (MySQL), {@code none}, or null
	 * before the first call.
	 */
	public String heldLocksSource() {
		return this.views.source();
	}

	private long getLock(Connection connection, String lockName, Duration timeout) {
		try {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			try (PreparedStatement statement = connection.prepareStatement(GET_LOCK)) {
				statement.setString(1, lockName);
				statement.setBigDecimal(2, this.traits.timeoutArgument(connection, timeout));
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					Integer result = rows.getObject(1, Integer.class);
					if (result == null) {
						throw new LockUnavailableException(lockName,
								"GET_LOCK returned NULL (the session was killed while waiting, or a server error)",
								null);
					}
					if (result == 0) {
						throw new LockTimeoutException(lockName, timeout);
					}
					return rows.getLong(2);
				}
			}
		}
		catch (SQLException ex) {
			if (Connections.isConnectionFailure(ex)) {
				throw new LockConnectionException(lockName, "calling GET_LOCK", ex);
			}
			throw new LockUnavailableException(lockName, "GET_LOCK failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Best effort unless the connection broke: a holder that cannot write its row (no
	 * {@code lock_holders} table in this schema) still holds the lock, it just shows up
	 * in {@link #heldLocks()} with less detail.
	 */
	private boolean recordHolder(Connection connection, String lockName, String requestedName) {
		try {
			HolderTable.record(connection, lockName, requestedName, this.owner);
			return true;
		}
		catch (SQLException ex) {
			if (Connections.isConnectionFailure(ex)) {
				throw new LockConnectionException(lockName, "recording the holder", ex);
			}
			log.debug("Lock '{}': holder not recorded: {}", lockName, ex.toString());
			return false;
		}
	}

	private void close(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			Connections.discard(this.dataSource, connection);
		}
	}

}
