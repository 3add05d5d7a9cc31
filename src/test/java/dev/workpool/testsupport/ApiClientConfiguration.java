package dev.workpool.testsupport;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * An {@link ApiClient} of the service under test, for {@link IntegrationTest}s to
 * {@code @Autowired}. Lazy: the random port is known only once the web server has
 * started, after the singletons were made.
 */
@TestConfiguration(proxyBeanMethods = false)
class ApiClientConfiguration {

	@Bean
	@Lazy
	ApiClient apiClient(Environment environment) {
		return new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
	}

}
