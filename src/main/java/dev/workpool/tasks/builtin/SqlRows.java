package dev.workpool.tasks.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a result set into plain JSON values: a list of {@code {column: value}} objects
 * (keys are the column labels, in select order) and whether rows were cut off. Numbers,
 * strings, booleans and NULL stay as they are; DATE, TIME and DATETIME/TIMESTAMP become
 * ISO-8601 text as the session shows them (no zone is added); binary values (BINARY,
 * VARBINARY, BLOB, BIT(n > 1)) become base64 text; anything else becomes its text.
 */
final class SqlRows {

	private SqlRows() {
	}

	/**
	 * Reads at most {@code maxRows} rows.
	 * @return {@code {"rows": [...], "truncated": bool}}; truncated when there was at
	 * least one row more
	 * @throws SQLException when reading fails or two columns share a label
	 */
	static Map<String, Object> read(ResultSet rows, int maxRows) throws SQLException {
		ResultSetMetaData meta = rows.getMetaData();
		String[] labels = labels(meta);
		List<Map<String, Object>> read = new ArrayList<>();
		boolean truncated = false;
		while (rows.next()) {
			if (read.size() == maxRows) {
				truncated = true;
				break;
			}
			Map<String, Object> row = new LinkedHashMap<>();
			for (int column = 1; column <= labels.length; column++) {
				row.put(labels[column - 1], value(rows, column, meta.getColumnType(column)));
			}
			read.add(row);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("rows", read);
		result.put("truncated", truncated);
		return result;
	}

	private static String[] labels(ResultSetMetaData meta) throws SQLException {
		String[] labels = new String[meta.getColumnCount()];
		for (int column = 1; column <= labels.length; column++) {
			String label = meta.getColumnLabel(column);
			for (int earlier = 0; earlier < column - 1; earlier++) {
				if (labels[earlier].equals(label)) {
					throw new SQLException("The result has two columns labelled '" + label + "' (columns "
							+ (earlier + 1) + " and " + column + "); give them distinct aliases");
				}
			}
			labels[column - 1] = label;
		}
		return labels;
	}

	private static Object value(ResultSet rows, int column, int type) throws SQLException {
		return switch (type) {
			case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> base64(rows.getBytes(column));
			case Types.DATE -> temporal(rows, column, LocalDate.class);
			case Types.TIME -> temporal(rows, column, LocalTime.class);
			case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> temporal(rows, column, LocalDateTime.class);
			default -> plain(rows.getObject(column));
		};
	}

	/**
	 * ISO text; values Java's types cannot hold (TIME over 24 h, zero dates) as the
	 * server wrote them.
	 */
	private static Object temporal(ResultSet rows, int column, Class<?> type) throws SQLException {
		try {
			Object value = rows.getObject(column, type);
			return (value != null) ? value.toString() : null;
		}
		catch (SQLException | RuntimeException ex) {
			return rows.getString(column);
		}
	}

	private static Object plain(Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
				|| value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal
				|| value instanceof Double) {
			return value;
		}
		if (value instanceof Short || value instanceof Byte) {
			return ((Number) value).intValue();
		}
		if (value instanceof Float number) {
			return Double.parseDouble(number.toString()); // 1.1f stays 1.1
		}
		if (value instanceof byte[] bytes) {
			return base64(bytes);
		}
		return value.toString();
	}

	private static String base64(byte[] bytes) {
		return (bytes != null) ? Base64.getEncoder().encodeToString(bytes) : null;
	}

}
