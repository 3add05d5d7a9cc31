package dev.workpool.tasks.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.workpool.tasks.catalog.TaskCatalog;
import dev.workpool.testsupport.PluginJars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Plugin jars compiled here against the SPI, loaded as the service and workers load them.
 */
class PluginLoadingTest {

	private static final String SERVICES = "META-INF/services/dev.workpool.tasks.spi.Task";

	@TempDir
	Path dir;

	@Test
	void aJarInThePluginsDirAddsItsTaskTypesConfiguredFromSettings() throws Exception {
		plugin("greet.jar", "Greet", "greet", "return settings + \" \" + input;", "");
		TaskRegistry registry = TaskRegistry.load(PluginClassLoader.forDirectory(this.dir, loader()),
				Map.of("greet", Map.of("greeting", "hello")));
		assertThat(registry.names()).contains("greet", "echo");
		assertThat(registry.origin("greet")).isEqualTo("plugin greet.jar");
		assertThat(registry.origin("echo")).isEqualTo(TaskRegistry.BUILT_IN);
		assertThat(registry.get("greet").run("world", null)).isEqualTo("{greeting=hello} world");
	}

	@Test
	void withoutAPluginsDirOnlyTheClassPathTypesAreThere() {
		TaskRegistry registry = TaskRegistry.load(PluginClassLoader.forDirectory(this.dir.resolve("none"), loader()));
		assertThat(registry.names()).contains("echo").doesNotContain("greet");
	}

	@Test
	void aPluginReusingABuiltInNameFailsNamingBoth() throws Exception {
		plugin("clash.jar", "Clash", "echo", "return input;", "");
		assertThatThrownBy(() -> TaskRegistry.load(PluginClassLoader.forDirectory(this.dir, loader())))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("'echo' is registered twice")
			.hasMessageContaining("plugin clash.jar")
			.hasMessageContaining("built-in");
	}

	@Test
	void aServicesEntryForAMissingClassFailsNamingIt() throws Exception {
		PluginJars.build(this.dir.resolve("broken.jar"), List.of(), Map.of(SERVICES, "com.example.Missing\n"),
				classPath());
		assertThatThrownBy(() -> TaskRegistry.load(PluginClassLoader.forDirectory(this.dir, loader())))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("com.example.Missing");
	}

	@Test
	void badSettingsFailNamingTheProperty() throws Exception {
		plugin("strict.jar", "Strict", "strict", "return input;",
				"@Override public void configure(java.util.Map<String, Object> s) {"
						+ " if (!s.containsKey(\"key\")) throw new IllegalArgumentException(\"key is required\"); }");
		assertThatThrownBy(() -> TaskRegistry.load(PluginClassLoader.forDirectory(this.dir, loader())))
			.hasMessageContaining("workpool.tasks.strict")
			.hasMessageContaining("key is required");
	}

	@Test
	void anInvalidParamsSchemaFailsTheCatalogueNamingTheTypeAndJar() throws Exception {
		plugin("schema.jar", "Schema", "schema", "return input;",
				"@Override public String paramsSchema() { return \"[not json\"; }");
		TaskRegistry registry = TaskRegistry.load(PluginClassLoader.forDirectory(this.dir, loader()));
		assertThatThrownBy(() -> new TaskCatalog(registry)).hasMessageContaining("'schema'")
			.hasMessageContaining("paramsSchema");
	}

	private void plugin(String jar, String className, String typeName, String body, String extra) throws IOException {
		Path source = Files.createDirectories(this.dir.resolve("src-" + className).resolve("com/example"))
			.resolve(className + ".java");
		String configure = extra.contains("configure(") ? ""
				: "@Override public void configure(java.util.Map<String, Object> s) { this.settings = s; }";
		Files.writeString(source, """
				package com.example;
				public final class %s implements dev.workpool.tasks.spi.Task {
					private Object settings;
					@Override public String name() { return "%s"; }
					@Override public String description() { return "test plugin"; }
					@Override public Object run(Object input, dev.workpool.tasks.spi.TaskContext context) { %s }
					%s
					%s
				}
				""".formatted(className, typeName, body, configure, extra));
		PluginJars.build(this.dir.resolve(jar), List.of(source), Map.of(SERVICES, "com.example." + className + "\n"),
				classPath());
		deleteSources(source.getParent().getParent());
	}

	private static void deleteSources(Path root) throws IOException {
		try (var files = Files.walk(root)) {
			for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

	private static String classPath() {
		return System.getProperty("java.class.path");
	}

	private ClassLoader loader() {
		return getClass().getClassLoader();
	}

}
