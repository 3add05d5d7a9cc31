package dev.workpool.worker.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The classes and the worker's libraries ({@link WorkerLibraries}) of a Spring Boot
 * executable jar, extracted once into a cache directory so workers start from a plain
 * class path: no nested-jar launcher on every start (about half a second less per
 * worker), and a class path that Class Data Sharing can archive. One directory per jar
 * version (path, size, modification time); extraction goes to a temporary directory
 * renamed into place, so concurrent services sharing the cache never see half a tree.
 */
final class WorkerJarCache {

	private static final String CLASSES = "BOOT-INF/classes/";

	private static final String LIB = "BOOT-INF/lib/";

	private static final String COMPLETE = ".complete";

	private static final String APP_JAR = "app.jar";

	private WorkerJarCache() {
	}

	/**
	 * The plain class path ({@code app.jar} with the application's classes first, then
	 * the libraries in the jar's {@code classpath.idx} order) of {@code fatJar},
	 * extracting it under {@code cacheRoot} if needed.
	 * @throws UncheckedIOException if the jar cannot be read or the cache written
	 */
	static String classpath(Path fatJar, Path cacheRoot) {
		try {
			Path target = cacheRoot.resolve("jar-" + key(fatJar));
			if (!Files.exists(target.resolve(COMPLETE))) {
				extract(fatJar, target);
			}
			return read(target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot extract " + fatJar + " into " + cacheRoot, ex);
		}
	}

	private static void extract(Path fatJar, Path target) throws IOException {
		Files.createDirectories(target.getParent());
		Path temporary = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
		try {
			List<String> libs = new ArrayList<>();
			Files.createDirectories(temporary.resolve("lib"));
			try (JarFile jar = new JarFile(fatJar.toFile());
					JarOutputStream app = new JarOutputStream(Files.newOutputStream(temporary.resolve(APP_JAR)))) {
				Enumeration<JarEntry> entries = jar.entries();
				while (entries.hasMoreElements()) {
					JarEntry entry = entries.nextElement();
					String name = entry.getName();
					if (entry.isDirectory()) {
						continue;
					}
					if (name.startsWith(CLASSES)) {
						// application classes go into one jar: CDS archives classes from
						// jars only
						app.putNextEntry(new JarEntry(name.substring(CLASSES.length())));
						try (InputStream in = jar.getInputStream(entry)) {
							in.transferTo(app);
						}
						app.closeEntry();
					}
					else if (name.startsWith(LIB) && name.endsWith(".jar")
							&& WorkerLibraries.isWorkerLibrary(name.substring(LIB.length()))) {
						// the service's own libraries (Spring, Tomcat, the embedded
						// database's 150 MB of binaries ...) stay behind
						String lib = name.substring(LIB.length());
						if (lib.contains("/") || lib.contains("..")) {
							throw new IOException("Unexpected library entry " + name);
						}
						try (InputStream in = jar.getInputStream(entry)) {
							Files.copy(in, temporary.resolve("lib").resolve(lib));
						}
						libs.add(lib);
					}
				}
				Files.write(temporary.resolve("classpath"), indexOrder(jar, libs), StandardCharsets.UTF_8);
			}
			Files.createFile(temporary.resolve(COMPLETE));
			moveIntoPlace(temporary, target);
		}
		finally {
			deleteTree(temporary);
		}
	}

	/**
	 * Libraries in the order of Boot's {@code classpath.idx}, then any others, sorted.
	 */
	private static List<String> indexOrder(JarFile jar, List<String> libs) throws IOException {
		List<String> order = new ArrayList<>();
		JarEntry index = jar.getJarEntry("BOOT-INF/classpath.idx");
		if (index != null) {
			try (InputStream in = jar.getInputStream(index)) {
				for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
					String lib = line.replace("- ", "").replace("\"", "").trim();
					if (lib.startsWith(LIB) && libs.contains(lib.substring(LIB.length()))) {
						order.add(lib.substring(LIB.length()));
					}
				}
			}
		}
		libs.stream().sorted().filter((lib) -> !order.contains(lib)).forEach(order::add);
		return order;
	}

	private static void moveIntoPlace(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException ex) {
			if (!Files.exists(target.resolve(COMPLETE))) {
				throw ex;
			}
			// another service extracted the same jar first: use its tree
		}
	}

	private static String read(Path target) throws IOException {
		List<String> entries = new ArrayList<>();
		entries.add(target.resolve(APP_JAR).toString());
		for (String lib : Files.readAllLines(target.resolve("classpath"), StandardCharsets.UTF_8)) {
			if (!lib.isBlank()) {
				entries.add(target.resolve("lib").resolve(lib).toString());
			}
		}
		return String.join(java.io.File.pathSeparator, entries);
	}

	private static String key(Path fatJar) throws IOException {
		String identity = fatJar.toAbsolutePath().normalize() + "|" + Files.size(fatJar) + "|"
				+ Files.getLastModifiedTime(fatJar).toMillis();
		return sha256(identity).substring(0, 16);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

}
