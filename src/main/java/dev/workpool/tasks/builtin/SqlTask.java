package dev.workpool.tasks.builtin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * {@code sql}: runs one of the operator's statements
 * ({@code workpool.tasks.sql.statements.<name>}, with {@code :field} parameters) once per
 * input, binding the input's fields, on the worker's own pool, in the transaction the
 * chunk's tasks share with their results ({@code TaskContext.connection()}): an input's
 * change becomes durable together with the row recording its task as SUCCEEDED, never
 * without it, so a task run again after its worker died or its claim went stale
 * duplicates nothing; a statement that fails is rolled back and leaves nothing; and up to
 * 100 inputs share one durable commit. Returns {@code {"rowsAffected": n}}, or for a
 * query {@code {"rows": [{column: value}], "truncated": bool}} with at most
 * {@code params.maxRows} rows. Jobs only name a statement; they never send SQL.
 *
 * <p>
 * An input is an object whose fields bind the parameters of the same name (extra fields
 * are ignored); for a statement with exactly one parameter it may also be a bare value.
 * Statements are parsed at start-up (a bad one stops the service, naming its property);
 * params and every input are checked at submission.
 */
public final class SqlTask implements Task {

	static final String NAME = "sql";

	static final String STATEMENTS_PROPERTY = "workpool.tasks.sql.statements";

	static final String MAX_ROWS_PROPERTY = "workpool.tasks.sql.max-rows";

	static final int DEFAULT_MAX_ROWS = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private volatile Settings settings = new Settings(Map.of(), DEFAULT_MAX_ROWS);

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		String what = "Runs an operator-configured SQL statement (" + STATEMENTS_PROPERTY
				+ ".<name>) once per input, binding the input's fields to its :named parameters; an input's change "
				+ "commits together with its task's result, or not at all. Returns rowsAffected, or the selected "
				+ "rows (capped at maxRows).";
		return this.settings.statements().isEmpty() ? what + " Disabled: no statements are configured." : what;
	}

	@Override
	public void configure(Map<String, Object> values) {
		Map<String, SqlStatement> statements = new TreeMap<>();
		if (values.get("statements") instanceof Map<?, ?> configured) {
			configured.forEach((name, sql) -> statements.put((String) name, SqlStatement.of((String) name, sql)));
		}
		int maxRows = DEFAULT_MAX_ROWS;
		if (values.get("maxRows") instanceof Number number) {
			maxRows = number.intValue();
			if (maxRows < 1) {
				throw new IllegalArgumentException(MAX_ROWS_PROPERTY + ": must be at least 1 but was " + maxRows);
			}
		}
		this.settings = new Settings(Collections.unmodifiableMap(statements), maxRows);
	}

	@Override
	public String paramsSchema() {
		Settings current = this.settings;
		Map<String, Object> statement = new LinkedHashMap<>();
		statement.put("type", "string");
		statement.put("description",
				"Name of the statement to run, one of the operator's " + STATEMENTS_PROPERTY + ".<name>"
						+ (current.statements().isEmpty() ? " (none configured: the type is disabled)"
								: ": " + String.join(", ", current.statements().keySet())));
		statement.put("examples", List.copyOf(current.statements().keySet()));
		Map<String, Object> maxRows = new LinkedHashMap<>();
		maxRows.put("type", "integer");
		maxRows.put("minimum", 1);
		maxRows.put("maximum", current.maxRows());
		maxRows.put("default", current.maxRows());
		maxRows.put("description", "Most rows a query returns per input; further rows are cut off and the result "
				+ "says truncated: true. At most " + MAX_ROWS_PROPERTY + " (" + current.maxRows() + ").");
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("additionalProperties", false);
		schema.put("required", List.of("statement"));
		schema.put("properties", Map.of("statement", statement, "maxRows", maxRows));
		return JSON.writeValueAsString(schema);
	}

	@Override
	public String inputSchema() {
		return """
				{"type": ["object", "string", "number", "boolean", "null"],
				 "description": "The fields that bind the statement's :named parameters (extra fields are ignored; null binds SQL NULL; objects and arrays bind as JSON text). For a statement with exactly one parameter, a bare value is taken too."}
				""";
	}

	/**
	 * The documented car example when nothing is configured; otherwise the first
	 * configured statement, with inputs naming each of its parameters.
	 */
	@Override
	public TaskExample example() {
		Settings current = this.settings;
		if (current.statements().isEmpty()) {
			return new TaskExample(Map.of("statement", "insert-car"),
					List.of(Map.of("name", "Volvo"), Map.of("name", "Saab")));
		}
		SqlStatement first = current.statements().values().iterator().next();
		List<Object> inputs = List.of("alpha", "beta").stream().map((value) -> {
			Map<String, Object> input = new LinkedHashMap<>();
			first.fields().forEach((field) -> input.put(field, value));
			return (Object) input;
		}).toList();
		return new TaskExample(Map.of("statement", first.name()), inputs);
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		Settings current = this.settings;
		if (current.statements().isEmpty()) {
			throw new InvalidTaskArgumentException(NAME, "params.statement",
					"cannot be used: the sql task type is disabled because no statements are configured (set "
							+ STATEMENTS_PROPERTY + ".<name>=<SQL with :field parameters>)");
		}
		statement(params);
		if (params.get("maxRows") instanceof Number maxRows && maxRows.longValue() > current.maxRows()) {
			throw new InvalidTaskArgumentException(NAME, "params.maxRows",
					"must be at most " + current.maxRows() + " (" + MAX_ROWS_PROPERTY + ") but was " + maxRows);
		}
	}

	@Override
	public void validateInput(int index, Object input, Map<String, Object> params) {
		SqlStatement statement = this.settings.statements().get(params.get("statement"));
		if (statement != null) {
			statement.check("inputs[" + index + "]", input);
		}
	}

	@Override
	public Object run(Object input, TaskContext context) throws SQLException {
		SqlStatement statement = statement(context.params());
		statement.check("inputs[" + context.index() + "]", input);
		int maxRows = maxRows(context.params());
		Connection connection = context.connection();
		try {
			return execute(connection, statement, input, maxRows);
		}
		catch (SQLException ex) {
			throw new SqlStatementException(statement.name(), ex);
		}
	}

	private static Object execute(Connection connection, SqlStatement statement, Object input, int maxRows)
			throws SQLException {
		try (PreparedStatement prepared = connection.prepareStatement(statement.parameters().jdbcSql())) {
			statement.bind(prepared, input);
			if (statement.isQuery()) {
				prepared.setMaxRows(maxRows + 1);
			}
			if (prepared.execute()) {
				return SqlRows.read(prepared.getResultSet(), maxRows);
			}
			return Map.of("rowsAffected", Math.max(0, prepared.getUpdateCount()));
		}
	}

	private SqlStatement statement(Map<String, Object> params) {
		Settings current = this.settings;
		Object name = params.get("statement");
		SqlStatement statement = current.statements().get(name);
		if (statement == null) {
			throw new InvalidTaskArgumentException(NAME, "params.statement",
					(name == null) ? "is required"
							: "names no configured statement: '" + name + "'; configured (" + STATEMENTS_PROPERTY
									+ ".<name>): " + (current.statements().isEmpty() ? "none"
											: String.join(", ", current.statements().keySet())));
		}
		return statement;
	}

	private int maxRows(Map<String, Object> params) {
		int cap = this.settings.maxRows();
		return (params.get("maxRows") instanceof Number requested) ? (int) Math.min(cap, requested.longValue()) : cap;
	}

	/** The operator's settings: statements by name (sorted), and the row cap. */
	private record Settings(Map<String, SqlStatement> statements, int maxRows) {
	}

}
