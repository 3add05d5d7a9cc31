package dev.workpool.worker.runtime;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import dev.workpool.worker.protocol.Message.DbSettings;

/**
 * The worker's own HikariCP pool, built on the first {@link #getConnection()}: a worker
 * that never touches the database never opens a connection. Named
 * {@code worker-<workerId>}; it never receives a connection from the parent.
 */
final class LazyDataSource implements DataSource, AutoCloseable {

	/**
	 * Longest wait for a connection, unless the worker gives up on its database sooner.
	 */
	static final long CONNECTION_TIMEOUT_MILLIS = 15_000;

	/**
	 * Most connections the pool opens when its tasks ask for more than it holds: a lane's
	 * transaction and a connection of its task's own for each of up to 64 lanes, the
	 * result writer and the job log. The pool keeps {@link #ensureSize its size} open;
	 * beyond that it opens connections only for callers waiting for one.
	 */
	static final int MAX_CONNECTIONS = 2 * 64 + 2;

	/** How long closing the connections a shrink dropped takes, at most, as a rule. */
	private static final long CLOSE_MOMENT_MILLIS = 200;

	/** HikariCP's lower bound for connectionTimeout. */
	private static final long HIKARI_MIN_CONNECTION_TIMEOUT_MILLIS = 250;

	private static final long HIKARI_MIN_MAX_LIFETIME_MILLIS = 30_000;

	private final DbSettings settings;

	private final String poolName;

	private final long connectionTimeoutMillis;

	private HikariDataSource pool;

	private final int configuredSize;

	private int size;

	private boolean closed;

	LazyDataSource(DbSettings settings, String workerId) {
		this(settings, workerId, CONNECTION_TIMEOUT_MILLIS);
	}

	/**
	 * @param giveUpAfterMillis how long the worker keeps retrying database writes before
	 * it gives up: one wait for a connection never lasts longer
	 */
	LazyDataSource(DbSettings settings, String workerId, long giveUpAfterMillis) {
		this.settings = settings;
		this.poolName = "worker-" + workerId;
		this.configuredSize = Math.max(1, settings.poolSize());
		this.size = this.configuredSize;
		this.connectionTimeoutMillis = Math.max(HIKARI_MIN_CONNECTION_TIMEOUT_MILLIS,
				Math.min(CONNECTION_TIMEOUT_MILLIS, giveUpAfterMillis));
	}

	@Override
	public Connection getConnection() throws SQLException {
		return pool().getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException("The worker pool " + this.poolName + " has fixed credentials");
	}

	private synchronized HikariDataSource pool() throws SQLException {
		if (this.closed) {
			throw new SQLException("The worker pool " + this.poolName + " is closed");
		}
		if (this.pool == null) {
			this.pool = new HikariDataSource(config());
		}
		return this.pool;
	}

	/**
	 * Grows the pool so that {@code connections} can be in use at once: each task thread
	 * of the worker may hold one, and the result writer needs one more. Only
	 * {@link #shrink} makes it smaller again.
	 */
	synchronized void ensureSize(int connections) {
		if (connections <= this.size) {
			return;
		}
		this.size = connections;
		if (this.pool != null && !this.closed) {
			HikariConfigMXBean running = this.pool.getHikariConfigMXBean();
			running.setMaximumPoolSize(Math.max(connections, MAX_CONNECTIONS));
			running.setMinimumIdle(connections);
		}
	}

	/**
	 * Back to the configured size, once the lanes that needed more are gone: the pool
	 * closes its idle connections at once and those in use when they come back, then
	 * opens the configured number again. Nothing happens when it never grew.
	 * @return how many connections beyond the configured size it was sized for
	 */
	synchronized int shrink() {
		int beyond = this.size - this.configuredSize;
		if (beyond <= 0) {
			return 0;
		}
		this.size = this.configuredSize;
		if (this.pool != null && !this.closed) {
			this.pool.getHikariConfigMXBean().setMinimumIdle(this.configuredSize);
			this.pool.getHikariPoolMXBean().softEvictConnections();
		}
		return beyond;
	}

	/**
	 * Waits until the pool holds no more than its configured size (after
	 * {@link #shrink}), then a moment for the connections it dropped to close, but not
	 * past {@code deadlineNanos} ({@link System#nanoTime}).
	 */
	void awaitShrunk(long deadlineNanos) throws InterruptedException {
		HikariDataSource running;
		synchronized (this) {
			running = this.closed ? null : this.pool;
		}
		if (running == null) {
			return;
		}
		while (System.nanoTime() - deadlineNanos < 0) {
			HikariPoolMXBean state = running.getHikariPoolMXBean();
			if (state == null || state.getTotalConnections() <= this.configuredSize) {
				// (null: closed meanwhile, the worker is shutting down)
				Thread.sleep(Math.max(0, Math.min(CLOSE_MOMENT_MILLIS,
						TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()))));
				return;
			}
			Thread.sleep(20);
		}
	}

	synchronized HikariConfig config() {
		HikariConfig config = new HikariConfig();
		config.setPoolName(this.poolName);
		config.setJdbcUrl(this.settings.jdbcUrl());
		config.setUsername(this.settings.user());
		config.setPassword(this.settings.password());
		// the ceiling stays high from the start: HikariCP sizes the queue of connections
		// it opens on demand by the maximum it was built with, and drops requests beyond
		// it, so a pool built small and raised later leaves a new lane waiting for its
		// housekeeper (30 s)
		config.setMaximumPoolSize(Math.max(this.size, MAX_CONNECTIONS));
		// open the expected connections up front: the tasks and the result writer each
		// need one, and one opened on demand under load can miss the timeout
		config.setMinimumIdle(this.size);
		// autocommit and read-only are tracked by the driver, not asked of the server
		// before every statement
		config.addDataSourceProperty("useLocalSessionState", "true");
		// the result and log statements are prepared again and again: parse them once
		config.addDataSourceProperty("cachePrepStmts", "true");
		config.addDataSourceProperty("prepStmtCacheSize", "50");
		config.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
		config.setConnectionTimeout(this.connectionTimeoutMillis);
		if (this.settings.maxLifetimeMillis() >= HIKARI_MIN_MAX_LIFETIME_MILLIS) {
			config.setMaxLifetime(this.settings.maxLifetimeMillis());
			// keepalive is not needed with a short lifetime (connections opened beyond
			// minimumIdle close after HikariCP's idle timeout)
			config.setKeepaliveTime(0);
		}
		// never fail while building: an unreachable database shows up in getConnection()
		config.setInitializationFailTimeout(-1);
		return config;
	}

	/** Whether the pool was built (some code asked for a connection). */
	synchronized boolean isStarted() {
		return this.pool != null;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.pool != null) {
			this.pool.close();
		}
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		return pool().unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this) || pool().isWrapperFor(type);
	}

}
