package dev.workpool.worker.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * How a worker JVM finds its classes: the classpath, extra system properties and the main
 * class, decided from how the service itself runs.
 * <ul>
 * <li>Plain classpath ({@code mvn spring-boot:run}, an IDE, tests, or the thin jar of an
 * extracted layout whose manifest {@code Class-Path} lists its libraries): the service's
 * own {@code java.class.path} without the service's libraries ({@link #workerEntries})
 * and {@code WorkerMain}.</li>
 * <li>Spring Boot executable jar ({@code java -jar workpool.jar}, classes under
 * {@code BOOT-INF/}): the jar with Boot's {@code PropertiesLauncher} and
 * {@code -Dloader.main=WorkerMain}.</li>
 * </ul>
 *
 * @param classpath the {@code -cp} value
 * @param jvmOptions system properties the main class needs
 * @param mainClass the class to run
 */
public record WorkerClasspath(String classpath, List<String> jvmOptions, String mainClass) {

	/** The worker's real main class. */
	public static final String WORKER_MAIN = "dev.workpool.worker.runtime.WorkerMain";

	/** Spring Boot's launcher that runs {@code loader.main} from an executable jar. */
	public static final String BOOT_PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private static final String NESTED_PREFIX = "jar:nested:";

	public WorkerClasspath {
		jvmOptions = List.copyOf(jvmOptions);
	}

	/**
	 * Prints how this installation would start workers, for diagnosis: {@code java -cp
	 * workpool.jar -Dloader.main=dev.workpool.worker.launcher.WorkerClasspath
	 * org.springframework.boot.loader.launch.PropertiesLauncher}.
	 */
	public static void main(String[] args) {
		System.out.println(String.join(" ", detect().arguments()));
	}

	/** Detects the layout this JVM runs from. */
	public static WorkerClasspath detect() {
		CodeSource source = WorkerClasspath.class.getProtectionDomain().getCodeSource();
		String location = (source != null && source.getLocation() != null) ? source.getLocation().toString() : null;
		return of(System.getProperty("java.class.path"), location);
	}

	/**
	 * Decides from the service's {@code java.class.path} and the code-source location of
	 * its classes.
	 */
	static WorkerClasspath of(String javaClassPath, String codeSourceLocation) {
		Path fatJar = nestedJar(codeSourceLocation);
		if (fatJar == null && isSingleJar(javaClassPath) && isBootExecutableJar(Path.of(javaClassPath))) {
			fatJar = Path.of(javaClassPath);
		}
		if (fatJar != null) {
			return forExecutableJar(fatJar);
		}
		return new WorkerClasspath(workerEntries(javaClassPath, codeSourceLocation), List.of(), WORKER_MAIN);
	}

	/**
	 * A plain class path without the service's own libraries: the entry of Workpool's
	 * classes, directories, and the jars of {@link WorkerLibraries}. A single jar (the
	 * thin jar of an extracted layout, whose manifest names its libraries) stays as it
	 * is.
	 */
	static String workerEntries(String javaClassPath, String codeSourceLocation) {
		if (isSingleJar(javaClassPath)) {
			return javaClassPath;
		}
		String own = fileOf(codeSourceLocation);
		List<String> entries = new ArrayList<>();
		for (String entry : javaClassPath.split(File.pathSeparator)) {
			if (!entry.endsWith(".jar") || entry.equals(own)
					|| WorkerLibraries.isWorkerLibrary(Path.of(entry).getFileName().toString())) {
				entries.add(entry);
			}
		}
		return String.join(File.pathSeparator, entries);
	}

	/** {@code file:/a/b.jar} to {@code /a/b.jar}; null for other locations. */
	private static String fileOf(String location) {
		if (location == null || !location.startsWith("file:")) {
			return null;
		}
		try {
			return Path.of(URI.create(location)).toString();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Workers started from a Spring Boot executable jar. */
	public static WorkerClasspath forExecutableJar(Path jar) {
		return new WorkerClasspath(jar.toAbsolutePath().toString(), List.of("-Dloader.main=" + WORKER_MAIN),
				BOOT_PROPERTIES_LAUNCHER);
	}

	/** {@code -cp <classpath> <jvmOptions> <mainClass>}. */
	public List<String> arguments() {
		List<String> arguments = new ArrayList<>();
		arguments.add("-cp");
		arguments.add(this.classpath);
		arguments.addAll(this.jvmOptions);
		arguments.add(this.mainClass);
		return arguments;
	}

	/** {@code jar:nested:/app/workpool.jar/!BOOT-INF/classes/!/} to the outer jar. */
	static Path nestedJar(String location) {
		if (location == null || !location.startsWith(NESTED_PREFIX)) {
			return null;
		}
		String path = location.substring(NESTED_PREFIX.length());
		int separator = path.indexOf("/!");
		if (separator > 0) {
			path = path.substring(0, separator);
		}
		return Path.of(URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8));
	}

	private static boolean isSingleJar(String javaClassPath) {
		return javaClassPath != null && !javaClassPath.contains(File.pathSeparator) && javaClassPath.endsWith(".jar");
	}

	private static boolean isBootExecutableJar(Path jar) {
		if (!Files.isRegularFile(jar)) {
			return false;
		}
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			return jarFile.getEntry("BOOT-INF/classes/") != null || jarFile.getEntry("BOOT-INF/lib/") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
