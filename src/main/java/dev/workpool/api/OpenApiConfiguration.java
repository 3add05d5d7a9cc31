package dev.workpool.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Title and description of the OpenAPI document behind {@code /swagger-ui.html}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI workpoolOpenApi() {
		return new OpenAPI().info(new Info().title("Workpool API")
			.version("v1")
			.description("Managed parallel workloads: submit a job (a task type, shared params and a list of "
					+ "inputs), let worker processes run one task per input with bounded parallelism, and "
					+ "read the results in input or completion order. Errors are RFC 9457 problem+json."));
	}

}
