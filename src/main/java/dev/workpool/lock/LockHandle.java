package dev.workpool.lock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held named lock. It owns the connection the lock lives on until {@link #close()}:
 * then the lock is released and the connection goes back to its pool only if
 * {@code RELEASE_LOCK} confirmed that this session held it (returned 1). In every other
 * case (the release failed, returned 0 or NULL, the connection died) the connection is
 * evicted from the pool, never lent to anybody else. Not reentrant: a second
 * {@link LockService#acquire} of the same name waits for this one, even in the same
 * thread. Not thread-safe except for {@link #close()}.
 */
public final class LockHandle implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LockHandle.class);

	private static final String IS_HELD = "SELECT IS_USED_LOCK(?) = CONNECTION_ID()";

	private static final String RELEASE = "SELECT RELEASE_LOCK(?)";

	private final DataSource dataSource;

	private final String name;

	private final String requestedName;

	private final Connection connection;

	private final long connectionId;

	private final boolean holderRecorded;

	private boolean closed;

	LockHandle(DataSource dataSource, String name, String requestedName, Connection connection, long connectionId,
			boolean holderRecorded) {
		this.dataSource = dataSource;
		this.name = name;
		this.requestedName = requestedName;
		this.connection = connection;
		this.connectionId = connectionId;
		this.holderRecorded = holderRecorded;
	}

	/**
	 * The lock's name in the database: {@code workpool@<schema>:...}, at most 64
	 * characters.
	 */
	public String name() {
		return this.name;
	}

	/** The name the holder asked for. */
	public String requestedName() {
		return this.requestedName;
	}

	/**
	 * The connection (session) the lock lives on, for writes that must be fenced by the
	 * lock ({@code ... WHERE IS_USED_LOCK(?) = CONNECTION_ID()}). Autocommit is on. Do
	 * not close it, and do not release the lock on it; {@link #close()} does both.
	 */
	public Connection connection() {
		return this.connection;
	}

	/** {@code CONNECTION_ID()} of the session holding the lock. */
	public long connectionId() {
		return this.connectionId;
	}

	/**
	 * Asks the server whether this session still holds the lock; false when it does not,
	 * when the connection is dead, or after {@link #close()}.
	 */
	public boolean isHeld() {
		try {
			verifyHeld();
			return true;
		}
		catch (LockLostException ex) {
			return false;
		}
	}

	/**
	 * Makes sure the session that took the lock is still alive, by a ping
	 * ({@code COM_PING}: no statement to parse, no result set): a session keeps its named
	 * locks until it ends or releases them, so for a holder that never releases the lock
	 * on {@link #connection()} (its contract) a live session is a held lock. Cheaper than
	 * {@link #verifyHeld()} on both sides, for a holder that checks before every write.
	 * @throws LockLostException when the session is gone (killed, timed out, the server
	 * restarted, the network broke), did not answer within {@code timeout}, or the handle
	 * is closed
	 */
	public synchronized void verifySession(Duration timeout) {
		if (this.closed) {
			throw new LockLostException(this.name, "the handle is closed", null);
		}
		int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
		try {
			if (this.connection.isValid(seconds)) {
				return;
			}
		}
		catch (SQLException ex) {
			throw new LockLostException(this.name, "connection " + this.connectionId + " failed: " + ex.getMessage(),
					ex);
		}
		throw new LockLostException(this.name,
				"connection " + this.connectionId + " did not answer a ping within " + seconds + " s", null);
	}

	/**
	 * Makes sure this session still holds the lock.
	 * @throws LockLostException when it does not, the connection is dead, or the handle
	 * is closed
	 */
	public synchronized void verifyHeld() {
		if (this.closed) {
			throw new LockLostException(this.name, "the handle is closed", null);
		}
		try (PreparedStatement statement = this.connection.prepareStatement(IS_HELD)) {
			statement.setString(1, this.name);
			try (ResultSet rows = statement.executeQuery()) {
				if (rows.next() && rows.getInt(1) == 1) {
					return;
				}
			}
		}
		catch (SQLException ex) {
			throw new LockLostException(this.name, "connection " + this.connectionId + " failed: " + ex.getMessage(),
					ex);
		}
		throw new LockLostException(this.name, "IS_USED_LOCK no longer names connection " + this.connectionId, null);
	}

	/**
	 * Releases the lock; returns the connection to its pool when the server confirmed the
	 * release, evicts it otherwise. Idempotent; never throws.
	 * @return true if the lock was still held and is now released; false if it had been
	 * lost already (or the handle was closed before)
	 */
	public synchronized boolean release() {
		if (this.closed) {
			return false;
		}
		this.closed = true;
		Integer released = null;
		try {
			if (this.holderRecorded) {
				HolderTable.forget(this.connection, this.name);
			}
			try (PreparedStatement statement = this.connection.prepareStatement(RELEASE)) {
				statement.setString(1, this.name);
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					released = rows.getObject(1, Integer.class);
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			log.warn("Lock '{}': release on connection {} failed ({}); evicting the connection", this.name,
					this.connectionId, ex.toString());
		}
		if (released != null && released == 1) {
			try {
				this.connection.close();
			}
			catch (SQLException ex) {
				Connections.discard(this.dataSource, this.connection);
			}
			return true;
		}
		if (released != null) {
			log.warn("Lock '{}': RELEASE_LOCK returned {} on connection {} (lock was lost); evicting the connection",
					this.name, released, this.connectionId);
		}
		Connections.discard(this.dataSource, this.connection);
		return false;
	}

	/** Same as {@link #release()}. */
	@Override
	public void close() {
		release();
	}

	@Override
	public String toString() {
		return "LockHandle[" + this.name + " on connection " + this.connectionId + (this.closed ? ", closed]" : "]");
	}

}
