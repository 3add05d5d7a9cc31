package dev.workpool.worker.launcher;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerClasspathTest {

	@Test
	void plainClasspathRunsWorkerMainDirectlyWithoutTheServicesOwnLibraries() {
		String classpath = String.join(File.pathSeparator, "/app/target/classes", "/m2/jackson-core-3.1.4.jar",
				"/m2/spring-core-7.0.8.jar", "/app/target/test-classes", "/m2/HikariCP-7.0.2.jar",
				"/m2/tomcat-embed-core-11.0.22.jar");
		WorkerClasspath worker = WorkerClasspath.of(classpath, "file:/app/target/classes/");
		assertThat(worker.arguments()).containsExactly("-cp", String.join(File.pathSeparator, "/app/target/classes",
				"/m2/jackson-core-3.1.4.jar", "/app/target/test-classes", "/m2/HikariCP-7.0.2.jar"),
				WorkerClasspath.WORKER_MAIN);
	}

	@Test
	void theJarOfWorkpoolsOwnClassesStaysOnAPlainClasspathWhateverItsName() {
		String classpath = String.join(File.pathSeparator, "/srv/lib/workpool-app.jar",
				"/srv/lib/spring-core-7.0.8.jar");
		assertThat(WorkerClasspath.of(classpath, "file:/srv/lib/workpool-app.jar").classpath())
			.isEqualTo("/srv/lib/workpool-app.jar");
	}

	@Test
	void executableJarRunsThroughPropertiesLauncher() {
		WorkerClasspath worker = WorkerClasspath.of("/srv/workpool.jar",
				"jar:nested:/srv/workpool.jar/!BOOT-INF/classes/!/");
		assertThat(worker.arguments()).containsExactly("-cp", Path.of("/srv/workpool.jar").toString(),
				"-Dloader.main=" + WorkerClasspath.WORKER_MAIN, WorkerClasspath.BOOT_PROPERTIES_LAUNCHER);
	}

	@Test
	void nestedLocationIsDecoded() {
		assertThat(WorkerClasspath.nestedJar("jar:nested:/srv/my%20apps/a+b.jar/!BOOT-INF/classes/!/"))
			.isEqualTo(Path.of("/srv/my apps/a+b.jar"));
		assertThat(WorkerClasspath.nestedJar("file:/srv/classes/")).isNull();
		assertThat(WorkerClasspath.nestedJar(null)).isNull();
	}

	@Test
	void thinJarOfAnExtractedLayoutIsAPlainClasspath() {
		// a jar that does not exist (or has no BOOT-INF/) is used as is: its manifest
		// Class-Path lists the libraries
		WorkerClasspath worker = WorkerClasspath.of("/srv/extracted/workpool.jar", "file:/srv/extracted/workpool.jar");
		assertThat(worker.arguments()).containsExactly("-cp", "/srv/extracted/workpool.jar",
				WorkerClasspath.WORKER_MAIN);
	}

	@Test
	void detectsThisTestJvmAsAPlainClasspath() {
		assertThat(WorkerClasspath.detect().mainClass()).isEqualTo(WorkerClasspath.WORKER_MAIN);
	}

}
