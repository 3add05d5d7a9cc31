package dev.workpool.config;

import dev.workpool.tasks.catalog.TaskCatalog;
import dev.workpool.tasks.spi.PluginClassLoader;
import dev.workpool.tasks.spi.TaskRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The task types the service knows: those on its class path plus the plugin jars in
 * {@code workpool.plugins-dir}, configured from {@code workpool.tasks.*}. Used to
 * validate submissions and to list the catalogue; workers load the same set themselves.
 */
@Configuration(proxyBeanMethods = false)
class TaskRegistryConfiguration {

	@Bean
	TaskRegistry taskRegistry(WorkpoolProperties properties) {
		PluginClassLoader plugins = PluginClassLoader.forDirectory(properties.pluginsDir(),
				getClass().getClassLoader());
		return TaskRegistry.load(plugins, TaskSettings.byType(properties.tasks()));
	}

	@Bean
	TaskCatalog taskCatalog(TaskRegistry registry) {
		return new TaskCatalog(registry);
	}

}
