package dev.workpool.tasks.catalog;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.TaskRegistry;
import dev.workpool.tasks.spi.UnknownTaskTypeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskCatalogTest {

	/**
	 * Settings as the service passes them, under which the examples of the allowlisted
	 * types are valid ({@code sql}, {@code http} and {@code command} are disabled without
	 * them).
	 */
	private static final Map<String, Map<String, Object>> SETTINGS = Map.of("sql",
			Map.of("statements", Map.of("insert-car", "INSERT INTO car(name) VALUES (:name)"), "maxRows", 1000), "http",
			Map.of("allowedHosts", List.of("api.example.com")), "command", Map.of("allowed", List.of("echo")));

	private final TaskCatalog catalog = new TaskCatalog(TaskRegistry.load(getClass().getClassLoader(), SETTINGS));

	@Test
	void listsTheBuiltInTypesWithSchemasAndExamples() {
		assertThat(this.catalog.types()).extracting(TaskTypeInfo::name).contains("echo", "hash", "sleep");
		TaskTypeInfo hash = this.catalog.type("hash");
		assertThat(hash.origin()).isEqualTo(TaskRegistry.BUILT_IN);
		assertThat(hash.paramsSchema()).containsEntry("type", "object").containsKey("properties");
		assertThat(hash.example().inputs()).isNotEmpty();
	}

	@Test
	void everyExampleIsAValidSubmissionOfItsType() {
		for (TaskTypeInfo type : this.catalog.types()) {
			Map<String, Object> params = this.catalog.checkParams(type.name(), type.example().params());
			for (int i = 0; i < type.example().inputs().size(); i++) {
				this.catalog.checkInput(type.name(), i, type.example().inputs().get(i), params);
			}
		}
	}

	@Test
	void fillsInTheDefaultsOfTheParamsSchema() {
		assertThat(this.catalog.checkParams("hash", Map.of())).containsEntry("rounds", 1);
		assertThat(this.catalog.checkParams("hash", Map.of("rounds", 7))).containsEntry("rounds", 7);
		assertThat(this.catalog.checkParams("echo", null)).containsEntry("log", false);
	}

	@Test
	void wrongParamTypeNamesTheField() {
		assertThatThrownBy(() -> this.catalog.checkParams("echo", Map.of("log", "yes")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageStartingWith("Task type 'echo': params.log ")
			.extracting("field")
			.isEqualTo("params.log");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "10000001", "text", "2.5", "null" })
	void outOfRangeParamNamesTheField(String kind) {
		Map<String, Object> params = new HashMap<>();
		params.put("rounds", switch (kind) {
			case "0" -> 0;
			case "10000001" -> 10_000_001;
			case "2.5" -> 2.5;
			case "null" -> null;
			default -> "5";
		});
		assertThatThrownBy(() -> this.catalog.checkParams("hash", params))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.extracting("field")
			.isEqualTo("params.rounds");
	}

	@Test
	void unknownParamNamesTheField() {
		assertThatThrownBy(() -> this.catalog.checkParams("hash", Map.of("rounds", 1, "salt", "x")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessage("Task type 'hash': params.salt is not supported by this task type")
			.extracting("field")
			.isEqualTo("params.salt");
		assertThatThrownBy(() -> this.catalog.checkParams("sleep", Map.of("rounds", 1))).extracting("field")
			.isEqualTo("params.rounds");
	}

	@Test
	void inputsAreCheckedAgainstTheInputSchema() {
		this.catalog.checkInput("sleep", 0, 0);
		this.catalog.checkInput("sleep", 1, 86_400_000L);
		this.catalog.checkInput("sleep", 2, BigInteger.TEN);
		for (Object bad : new Object[] { -1, 86_400_001L, 1.5, "100", true, new BigInteger("99999999999999999999") }) {
			assertThatThrownBy(() -> this.catalog.checkInput("sleep", 4, bad))
				.isInstanceOf(InvalidTaskArgumentException.class)
				.hasMessageStartingWith("Task type 'sleep': inputs[4] ")
				.extracting("field")
				.isEqualTo("inputs[4]");
		}
		this.catalog.checkInput("echo", 0, List.of(Map.of("any", "thing")));
	}

	@Test
	void unknownTypeNamesTheKnownOnes() {
		assertThatThrownBy(() -> this.catalog.checkParams("nope", Map.of()))
			.isInstanceOf(UnknownTaskTypeException.class)
			.hasMessageContaining("echo");
	}

}
