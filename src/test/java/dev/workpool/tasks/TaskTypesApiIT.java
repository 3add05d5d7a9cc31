package dev.workpool.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The task-type catalogue over real HTTP; its examples run on real workers. */
@IntegrationTest
class TaskTypesApiIT {

	private static final List<String> BUILT_IN = List.of("echo", "hash", "sleep");

	@Autowired
	ApiClient api;

	@Test
	void catalogueListsEveryTypeWithDescriptionOriginSchemasAndAnExample() {
		Response response = this.api.get("/api/v1/task-types");
		assertThat(response.status()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		for (JsonNode type : response.json()) {
			names.add(type.get("name").asString());
			assertThat(type.get("description").asString()).isNotBlank();
			assertThat(type.get("paramsSchema").isObject()).isTrue();
			assertThat(type.get("inputSchema").isObject()).isTrue();
			assertThat(type.get("example").get("task").asString()).isEqualTo(type.get("name").asString());
		}
		assertThat(names).containsAll(BUILT_IN).isSorted();
		JsonNode hash = this.api.get("/api/v1/task-types/hash").json();
		assertThat(hash.get("origin").asString()).isEqualTo("built-in");
		assertThat(hash.at("/paramsSchema/properties/rounds/type").asString()).isEqualTo("integer");
		assertThat(hash.at("/paramsSchema/properties/rounds/default").asInt()).isEqualTo(1);
	}

	@Test
	void unknownTaskTypeIs404ProblemJson() {
		Response response = this.api.get("/api/v1/task-types/no-such-type");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("no-such-type").contains("echo");
	}

	@Test
	void everyBuiltInExampleCanBeSubmittedAsIsAndSucceeds() {
		for (String name : BUILT_IN) {
			JsonNode example = this.api.get("/api/v1/task-types/" + name).json().get("example");
			long id = this.api.submit(example.toString());
			JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
			assertThat(job.get("status").asString()).as(name + " example: " + job).isEqualTo("SUCCEEDED");
		}
	}

	@Test
	void storedParamsShowTheDefaultsOfTheSchema() {
		long id = this.api.submit("""
				{"task": "hash", "inputs": ["abc"], "parallelism": 1}
				""");
		assertThat(this.api.job(id).at("/params/rounds").asInt()).isEqualTo(1);
	}

	@Test
	void swaggerUiOffersTheSameExamplePerTaskType() {
		JsonNode docs = this.api.get("/v3/api-docs").json();
		JsonNode examples = docs.at("/paths/~1api~1v1~1jobs/post/requestBody/content/application~1json/examples");
		for (String name : BUILT_IN) {
			JsonNode catalogue = this.api.get("/api/v1/task-types/" + name).json().get("example");
			assertThat(examples.get(name).get("value")).as(name).isEqualTo(catalogue);
		}
	}

}
