package dev.workpool.tasks.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

/**
 * One operator-configured statement of the {@code sql} task type, parsed once, and how an
 * input binds to it: an object's fields by parameter name (extra fields are ignored), or,
 * when the statement has exactly one parameter, a bare scalar. Values bind as JDBC types
 * of their JSON kind; objects and arrays bind as their JSON text, {@code null} as SQL
 * NULL.
 *
 * @param name the statement's name, {@code workpool.tasks.sql.statements.<name>}
 * @param parameters the parsed SQL and its parameter names
 */
record SqlStatement(String name, SqlParameters parameters) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "SHOW", "VALUES", "TABLE", "DESC",
			"DESCRIBE", "EXPLAIN", "(");

	/**
	 * Parses a configured statement.
	 * @throws IllegalArgumentException naming the property, for SQL that cannot be used
	 */
	static SqlStatement of(String name, Object sql) {
		String property = SqlTask.STATEMENTS_PROPERTY + "." + name;
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException(SqlTask.STATEMENTS_PROPERTY + ": a statement needs a name");
		}
		if (!(sql instanceof String text) || text.isBlank()) {
			throw new IllegalArgumentException(property + ": must be the statement's SQL text");
		}
		try {
			return new SqlStatement(name, SqlParameters.parse(text));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(property + ": " + ex.getMessage(), ex);
		}
	}

	/** The input fields this statement binds, in order of first use. */
	Set<String> fields() {
		return this.parameters.fields();
	}

	/**
	 * Whether the statement reads rows (its first word is SELECT, WITH, SHOW, VALUES,
	 * TABLE, DESCRIBE or EXPLAIN); only these get a server-side row limit.
	 */
	boolean isQuery() {
		String sql = this.parameters.jdbcSql();
		int end = 0;
		while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
			end++;
		}
		String first = (end == 0) ? sql.substring(0, 1) : sql.substring(0, end);
		return QUERY_KEYWORDS.contains(first.toUpperCase(Locale.ROOT));
	}

	/**
	 * Checks that {@code input} can bind to this statement.
	 * @param at the input's path, e.g. {@code inputs[3]}
	 * @throws InvalidTaskArgumentException naming the missing field or the input
	 */
	void check(String at, Object input) {
		Set<String> fields = fields();
		if (input instanceof Map<?, ?> object) {
			for (String field : fields) {
				if (!object.containsKey(field)) {
					throw new InvalidTaskArgumentException(SqlTask.NAME, at + "." + field,
							"is required by statement '" + this.name + "' (parameters: " + describe(fields) + ")");
				}
			}
		}
		else if (input instanceof List<?> || fields.size() != 1) {
			String hint = (input instanceof List<?>) ? ", not an array"
					: "; a bare value is only taken by a statement with exactly one parameter";
			throw new InvalidTaskArgumentException(SqlTask.NAME, at, "must be an object with the fields of statement '"
					+ this.name + "' (parameters: " + describe(fields) + ")" + hint);
		}
	}

	/** Binds {@code input} (already {@linkplain #check checked}) to the statement. */
	void bind(PreparedStatement statement, Object input) throws SQLException {
		List<String> names = this.parameters.names();
		for (int i = 0; i < names.size(); i++) {
			Object value = (input instanceof Map<?, ?> object) ? object.get(names.get(i)) : input;
			bind(statement, i + 1, value);
		}
	}

	private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.NULL);
		}
		else if (value instanceof String text) {
			statement.setString(index, text);
		}
		else if (value instanceof Boolean flag) {
			statement.setBoolean(index, flag);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			statement.setLong(index, ((Number) value).longValue());
		}
		else if (value instanceof BigInteger big) {
			statement.setBigDecimal(index, new BigDecimal(big));
		}
		else if (value instanceof BigDecimal decimal) {
			statement.setBigDecimal(index, decimal);
		}
		else if (value instanceof Number number) {
			statement.setDouble(index, number.doubleValue());
		}
		else {
			statement.setString(index, JSON.writeValueAsString(value));
		}
	}

	private static String describe(Set<String> fields) {
		return fields.isEmpty() ? "none" : ":" + String.join(", :", fields);
	}

}
