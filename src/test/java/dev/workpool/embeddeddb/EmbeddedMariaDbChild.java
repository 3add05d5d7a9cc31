package dev.workpool.embeddeddb;

import java.nio.file.Path;

/**
 * Test fixture run as a separate JVM: starts an {@link EmbeddedMariaDb} on the data
 * directory given as the first argument, prints {@value #READY} with the port and the
 * mariadbd pid, then waits to be killed.
 */
public final class EmbeddedMariaDbChild {

	static final String READY = "EMBEDDED-MARIADB-READY";

	private EmbeddedMariaDbChild() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedMariaDb db = EmbeddedMariaDb.start(Path.of(args[0]), 0, "workpool");
		System.out.println(READY + " port=" + db.port() + " pid=" + db.pid());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
