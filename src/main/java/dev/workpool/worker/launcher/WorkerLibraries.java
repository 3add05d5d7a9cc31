package dev.workpool.worker.launcher;

import java.util.List;

/**
 * The libraries a worker JVM gets from the executable jar: what the worker runtime, the
 * built-in task types and the plugin SPI use (README "Your own task types": plugins get
 * Jackson, HikariCP, the MySQL driver and SLF4J from Workpool and bundle anything else).
 * The service's own libraries (Spring, Tomcat, Flyway, springdoc, the embedded database
 * ...) stay off the worker's class path: a worker that had them opened every one of the
 * ~85 jars when {@code ServiceLoader} looked for task types, JDBC drivers and logging
 * providers, and kept each jar's central directory in its heap — 2.4 MB of an idle
 * worker's 7.8 MB of live objects (BENCHMARKS.md, finding 15). {@code ArchitectureTest}
 * keeps the worker side's code within these libraries.
 */
final class WorkerLibraries {

	/** Maven artifact ids; a library jar is named {@code <artifactId>-<version>.jar}. */
	static final List<String> ARTIFACTS = List.of("jackson-core", "jackson-databind", "jackson-annotations", "HikariCP",
			"mysql-connector-j", "slf4j-api");

	private WorkerLibraries() {
	}

	/** Whether a library jar of the executable jar belongs on the worker's class path. */
	static boolean isWorkerLibrary(String jarName) {
		if (!jarName.endsWith(".jar")) {
			return false;
		}
		for (String artifact : ARTIFACTS) {
			if (jarName.startsWith(artifact + "-") && jarName.length() > artifact.length() + 1
					&& Character.isDigit(jarName.charAt(artifact.length() + 1))) {
				return true;
			}
		}
		return false;
	}

}
