package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import dev.workpool.tasks.catalog.TaskCatalog;
import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.TaskExample;
import dev.workpool.tasks.spi.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code sql} type's settings and submission checks, without a database. */
class SqlTaskTest {

	static final Map<String, Object> SETTINGS = Map.of("statements",
			Map.of("insert-car", "INSERT INTO car(name) VALUES (:name)", "rename-car",
					"UPDATE car SET name = :to WHERE name = :from", "count-cars", "SELECT COUNT(*) AS n FROM car"),
			"maxRows", 50);

	private final TaskCatalog catalog = catalog(SETTINGS);

	@Test
	void aBadStatementStopsTheStartNamingItsProperty() {
		Map<String, Object> settings = Map.of("statements", Map.of("bad", "SELECT * FROM car WHERE id = ?"));

		assertThatThrownBy(() -> catalog(settings)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("workpool.tasks.sql.statements.bad: the statement uses a positional '?'");
	}

	@Test
	void withoutStatementsTheTypeIsDisabledAndSaysWhichPropertyEnablesIt() {
		TaskCatalog unconfigured = new TaskCatalog(TaskRegistry.load(getClass().getClassLoader()));

		assertThatThrownBy(() -> unconfigured.checkParams("sql", Map.of("statement", "insert-car")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("params.statement")
			.hasMessageContaining("disabled")
			.hasMessageContaining("workpool.tasks.sql.statements.<name>");
		assertThat(unconfigured.type("sql").description()).contains("Disabled");
	}

	@Test
	void anUnknownStatementNameListsTheConfiguredOnes() {
		assertThatThrownBy(() -> this.catalog.checkParams("sql", Map.of("statement", "drop-all")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("'drop-all'")
			.hasMessageContaining("count-cars, insert-car, rename-car")
			.extracting("field")
			.isEqualTo("params.statement");
	}

	@Test
	void paramsNeedAStatementAndNoRawSqlAndMaxRowsWithinTheCap() {
		assertThatThrownBy(() -> this.catalog.checkParams("sql", Map.of())).extracting("field")
			.isEqualTo("params.statement");
		assertThatThrownBy(() -> this.catalog.checkParams("sql", Map.of("statement", "x", "sql", "DROP TABLE jobs")))
			.extracting("field")
			.isEqualTo("params.sql");
		assertThatThrownBy(() -> this.catalog.checkParams("sql", Map.of("statement", "count-cars", "maxRows", "ten")))
			.extracting("field")
			.isEqualTo("params.maxRows");
		assertThatThrownBy(() -> this.catalog.checkParams("sql", Map.of("statement", "count-cars", "maxRows", 51)))
			.extracting("field")
			.isEqualTo("params.maxRows");
	}

	@Test
	void maxRowsDefaultsToTheConfiguredCap() {
		assertThat(this.catalog.checkParams("sql", Map.of("statement", "count-cars"))).containsEntry("maxRows", 50);
		Map<?, ?> properties = (Map<?, ?>) this.catalog.type("sql").paramsSchema().get("properties");
		assertThat(properties.get("statement")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("examples", List.of("count-cars", "insert-car", "rename-car"));
		assertThat(properties.get("maxRows")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("maximum", 50);
	}

	@Test
	void anInputMissingAFieldOfTheStatementIsNamed() {
		Map<String, Object> params = this.catalog.checkParams("sql", Map.of("statement", "rename-car"));

		this.catalog.checkInput("sql", 0, Map.of("from", "Volvo", "to", "Saab", "extra", 1), params);
		assertThatThrownBy(() -> this.catalog.checkInput("sql", 7, Map.of("from", "Volvo"), params))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("statement 'rename-car'")
			.extracting("field")
			.isEqualTo("inputs[7].to");
	}

	@Test
	void aBareValueBindsAStatementWithExactlyOneParameter() {
		Map<String, Object> insert = this.catalog.checkParams("sql", Map.of("statement", "insert-car"));
		Map<String, Object> rename = this.catalog.checkParams("sql", Map.of("statement", "rename-car"));

		this.catalog.checkInput("sql", 0, "Volvo", insert);
		this.catalog.checkInput("sql", 1, 42, insert);
		assertThatThrownBy(() -> this.catalog.checkInput("sql", 2, "Volvo", rename)).extracting("field")
			.isEqualTo("inputs[2]");
		assertThatThrownBy(() -> this.catalog.checkInput("sql", 3, List.of("Volvo"), insert)).extracting("field")
			.isEqualTo("inputs[3]");
	}

	@Test
	void theExampleUsesTheFirstConfiguredStatementAndIsValid() {
		TaskExample example = this.catalog.type("sql").example();

		assertThat(example.params()).containsEntry("statement", "count-cars");
		Map<String, Object> params = this.catalog.checkParams("sql", example.params());
		for (int i = 0; i < example.inputs().size(); i++) {
			this.catalog.checkInput("sql", i, example.inputs().get(i), params);
		}
		assertThat(new SqlTask().example().params()).containsEntry("statement", "insert-car");
	}

	private TaskCatalog catalog(Map<String, Object> sqlSettings) {
		return new TaskCatalog(TaskRegistry.load(getClass().getClassLoader(), Map.of("sql", sqlSettings)));
	}

}
