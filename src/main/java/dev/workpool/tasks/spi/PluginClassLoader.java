package dev.workpool.tasks.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads plugin task types: every {@code *.jar} directly inside the plugins directory, in
 * name order, on top of the application's class loader (so plugins see the SPI and the
 * libraries Workpool ships, such as Jackson and the JDBC driver). The service and each
 * worker build their own.
 */
public final class PluginClassLoader extends URLClassLoader {

	static {
		ClassLoader.registerAsParallelCapable();
	}

	private final List<Path> jars;

	private PluginClassLoader(List<Path> jars, ClassLoader parent) {
		super("workpool-plugins", urls(jars), parent);
		this.jars = List.copyOf(jars);
	}

	/**
	 * A loader over the jars in {@code directory}; with no such directory, or no jars in
	 * it, one that only delegates to {@code parent}.
	 * @throws UncheckedIOException if the directory cannot be listed
	 */
	public static PluginClassLoader forDirectory(Path directory, ClassLoader parent) {
		return new PluginClassLoader(jarsIn(directory), parent);
	}

	/** The plugin jars, in load order. */
	public List<Path> jars() {
		return this.jars;
	}

	/** The jar a class loaded by this loader came from, or null for any other class. */
	Path jarOf(Class<?> type) {
		if (type.getClassLoader() != this || type.getProtectionDomain().getCodeSource() == null) {
			return null;
		}
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (Exception ex) {
			return null;
		}
	}

	static List<Path> jarsIn(Path directory) {
		if (directory == null || !Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter(Files::isRegularFile)
				.map(Path::toAbsolutePath)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the plugins directory " + directory, ex);
		}
	}

	private static URL[] urls(List<Path> jars) {
		List<URL> urls = new ArrayList<>();
		for (Path jar : jars) {
			try {
				urls.add(jar.toUri().toURL());
			}
			catch (MalformedURLException ex) {
				throw new IllegalArgumentException("Bad plugin jar path " + jar, ex);
			}
		}
		return urls.toArray(URL[]::new);
	}

}
