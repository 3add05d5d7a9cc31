package dev.workpool.api;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.MediaType;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import dev.workpool.jobs.JobInputs;

import dev.workpool.tasks.catalog.TaskCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Title and description of the OpenAPI document behind {@code /swagger-ui.html}, and one
 * submit example per task type of the catalogue (the same examples as
 * {@code GET /api/v1/task-types}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static {
		// a request's inputs are read into a spool, but on the wire they are a JSON array
		SpringDocUtils.getConfig().replaceWithClass(JobInputs.class, List.class);
	}

	@Bean
	OpenAPI workpoolOpenApi() {
		return new OpenAPI().info(new Info().title("Workpool API")
			.version("v1")
			.description("Managed parallel workloads: submit a job (a task type, shared params and a list of "
					+ "inputs), let worker processes run one task per input with bounded parallelism, and "
					+ "read the results in input or completion order. Errors are RFC 9457 problem+json. "
					+ "GET /api/v1/task-types lists the task types with their params schemas."));
	}

	@Bean
	OpenApiCustomizer taskTypeExamples(TaskCatalog catalog) {
		return (openApi) -> {
			PathItem jobs = (openApi.getPaths() != null) ? openApi.getPaths().get("/api/v1/jobs") : null;
			Operation submit = (jobs != null) ? jobs.getPost() : null;
			if (submit == null || submit.getRequestBody() == null || submit.getRequestBody().getContent() == null) {
				return;
			}
			MediaType json = submit.getRequestBody().getContent().get("application/json");
			if (json == null) {
				return;
			}
			catalog.types().stream().map(TaskTypeResponse::of).forEach((type) -> {
				json.addExamples(type.name(),
						new Example().summary(type.name() + ": " + type.description()).value(type.example()));
			});
		};
	}

}
