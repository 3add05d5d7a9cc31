package dev.workpool.config;

import dev.workpool.tasks.spi.TaskRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task types on the service's class path, used to validate submissions. */
@Configuration(proxyBeanMethods = false)
class TaskRegistryConfiguration {

	@Bean
	TaskRegistry taskRegistry() {
		return TaskRegistry.load(getClass().getClassLoader());
	}

}
