package dev.workpool.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars in tests the way a plugin author does: compiles sources with
 * {@code javac --release 17} against a class path holding the task SPI, and packs the
 * classes with their resources (the {@code META-INF/services} entry) into a jar.
 */
public final class PluginJars {

	private PluginJars() {
	}

	/**
	 * The SPI jar built beside the packaged service ({@code target/workpool-*-spi.jar}).
	 */
	public static Path spiJar() {
		String jar = System.getProperty("workpool.it.jar");
		Path spi = (jar != null) ? Path.of(jar.replaceFirst("\\.jar$", "-spi.jar")) : null;
		if (spi == null || !Files.exists(spi)) {
			throw new IllegalStateException("SPI jar not found (" + spi + "); run the ITs with ./mvnw verify");
		}
		return spi;
	}

	/**
	 * Compiles {@code sources} against {@code classPath} and writes them, with
	 * {@code resources} (jar path → text), to {@code jar}.
	 */
	public static Path build(Path jar, List<Path> sources, Map<String, String> resources, String classPath) {
		try {
			Path classes = Files.createTempDirectory("plugin-classes");
			JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
			List<String> args = new ArrayList<>(
					List.of("--release", "17", "-proc:none", "-cp", classPath, "-d", classes.toString()));
			sources.forEach((source) -> args.add(source.toString()));
			int status = sources.isEmpty() ? 0 : javac.run(null, null, null, args.toArray(String[]::new));
			if (status != 0) {
				throw new IllegalStateException("javac failed (" + status + ") for " + sources);
			}
			Files.createDirectories(jar.toAbsolutePath().getParent());
			try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
					Stream<Path> files = Files.walk(classes)) {
				for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
					put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
				}
				for (Map.Entry<String, String> resource : resources.entrySet()) {
					put(out, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
				}
			}
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Builds the example plugin of {@code examples/<name>}: its Java sources and its
	 * resources, against the SPI jar.
	 */
	public static Path buildExample(String name, Path jar) {
		Path root = Path.of("examples", name, "src", "main");
		try (Stream<Path> java = Files.walk(root.resolve("java"));
				Stream<Path> resources = Files.walk(root.resolve("resources"))) {
			List<Path> sources = java.filter((f) -> f.toString().endsWith(".java")).toList();
			Map<String, String> texts = new java.util.TreeMap<>();
			for (Path file : resources.filter(Files::isRegularFile).toList()) {
				texts.put(root.resolve("resources").relativize(file).toString().replace('\\', '/'),
						Files.readString(file));
			}
			return build(jar, sources, texts, spiJar().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
		out.putNextEntry(new JarEntry(name));
		OutputStream entry = out;
		entry.write(bytes);
		out.closeEntry();
	}

}
