package dev.workpool.tasks.builtin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A statement with {@code :name} parameters, turned into JDBC's {@code ?} form: the SQL
 * to prepare and the parameter names in the order of their {@code ?}s (a name used twice
 * appears twice).
 *
 * <p>
 * A parameter is {@code :} followed by a letter or {@code _}, then letters, digits or
 * {@code _}. Not parameters: anything inside {@code '…'}, {@code "…"} or {@code `…`}
 * (with MySQL's backslash and doubled-quote escapes), {@code ::}, {@code :=}, and
 * comments ({@code -- }, {@code #}, {@code /* … *}{@code /}). Plain comments are left out
 * of the prepared SQL; optimizer hints and executable comments ({@code /*+}, {@code /*!})
 * are kept as written. Refused, so that mistakes show at start-up rather than in a
 * worker: positional {@code ?}, more than one statement, unterminated quotes or comments,
 * and a statement that is empty.
 *
 * @param jdbcSql the SQL with a {@code ?} per parameter
 * @param names the parameter names, one per {@code ?}, in order
 */
record SqlParameters(String jdbcSql, List<String> names) {

	SqlParameters {
		names = List.copyOf(names);
	}

	/** The distinct parameter names, in order of first use: the input fields needed. */
	Set<String> fields() {
		return new LinkedHashSet<>(this.names);
	}

	/**
	 * Parses {@code sql}.
	 * @throws IllegalArgumentException saying what is wrong and where (1-based position)
	 */
	static SqlParameters parse(String sql) {
		return new Parser(sql).parse();
	}

	private static final class Parser {

		private final String sql;

		private final StringBuilder out;

		private final List<String> names = new ArrayList<>();

		private int pos;

		Parser(String sql) {
			this.sql = sql;
			this.out = new StringBuilder(sql.length());
		}

		SqlParameters parse() {
			while (this.pos < this.sql.length()) {
				char c = this.sql.charAt(this.pos);
				if (c == '\'' || c == '"' || c == '`') {
					copyQuoted(c);
				}
				else if (startsComment()) {
					comment();
				}
				else if (c == ':') {
					colon();
				}
				else if (c == '?') {
					throw problem("uses a positional '?' parameter at position " + (this.pos + 1)
							+ "; name it instead, e.g. :name, and give each input a field of that name");
				}
				else if (c == ';') {
					semicolon();
				}
				else {
					this.out.append(c);
					this.pos++;
				}
			}
			String jdbcSql = this.out.toString().strip();
			if (jdbcSql.isEmpty()) {
				throw problem("is empty");
			}
			return new SqlParameters(jdbcSql, this.names);
		}

		private void copyQuoted(char quote) {
			int start = this.pos;
			int i = this.pos + 1;
			while (i < this.sql.length()) {
				char c = this.sql.charAt(i);
				if (c == '\\' && quote != '`') {
					i += 2;
				}
				else if (c == quote && i + 1 < this.sql.length() && this.sql.charAt(i + 1) == quote) {
					i += 2;
				}
				else if (c == quote) {
					this.out.append(this.sql, start, i + 1);
					this.pos = i + 1;
					return;
				}
				else {
					i++;
				}
			}
			throw problem("has an unterminated " + quote + " quote starting at position " + (start + 1));
		}

		private boolean startsComment() {
			char c = this.sql.charAt(this.pos);
			if (c == '#') {
				return true;
			}
			if (c == '-' && at(this.pos + 1) == '-') {
				char after = at(this.pos + 2);
				return after == 0 || Character.isWhitespace(after);
			}
			return c == '/' && at(this.pos + 1) == '*';
		}

		private void comment() {
			int start = this.pos;
			if (this.sql.charAt(this.pos) != '/') {
				int end = this.sql.indexOf('\n', this.pos);
				this.pos = (end < 0) ? this.sql.length() : end;
				this.out.append(' ');
				return;
			}
			int end = this.sql.indexOf("*/", this.pos + 2);
			if (end < 0) {
				throw problem("has an unterminated /* comment starting at position " + (start + 1));
			}
			this.pos = end + 2;
			char kind = at(start + 2);
			this.out.append((kind == '!' || kind == '+') ? this.sql.substring(start, this.pos) : " ");
		}

		private void colon() {
			char next = at(this.pos + 1);
			if (next == ':') {
				this.out.append("::");
				this.pos += 2;
			}
			else if (next == '_' || isAsciiLetter(next)) {
				int end = this.pos + 1;
				while (end < this.sql.length() && isNameChar(this.sql.charAt(end))) {
					end++;
				}
				this.names.add(this.sql.substring(this.pos + 1, end));
				this.out.append('?');
				this.pos = end;
			}
			else {
				this.out.append(':');
				this.pos++;
			}
		}

		/** A trailing {@code ;} (then only blanks and comments) is dropped. */
		private void semicolon() {
			int semicolon = this.pos;
			this.pos++;
			while (this.pos < this.sql.length()) {
				if (Character.isWhitespace(this.sql.charAt(this.pos))) {
					this.pos++;
				}
				else if (startsComment()) {
					comment();
				}
				else {
					throw problem("holds more than one statement (';' at position " + (semicolon + 1)
							+ "); configure each statement under its own name");
				}
			}
		}

		private char at(int index) {
			return (index < this.sql.length()) ? this.sql.charAt(index) : 0;
		}

		private IllegalArgumentException problem(String what) {
			return new IllegalArgumentException("the statement " + what);
		}

		private static boolean isAsciiLetter(char c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		}

		private static boolean isNameChar(char c) {
			return c == '_' || isAsciiLetter(c) || (c >= '0' && c <= '9');
		}

	}

}
