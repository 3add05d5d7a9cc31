package dev.workpool.tasks.builtin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlParametersTest {

	@Test
	void namedParametersBecomeQuestionMarksInOrder() {
		SqlParameters parsed = SqlParameters.parse("INSERT INTO car(name, maker_id) VALUES (:name, :maker_id)");

		assertThat(parsed.jdbcSql()).isEqualTo("INSERT INTO car(name, maker_id) VALUES (?, ?)");
		assertThat(parsed.names()).containsExactly("name", "maker_id");
	}

	@Test
	void aNameUsedTwiceBindsTwiceButIsOneField() {
		SqlParameters parsed = SqlParameters.parse("SELECT * FROM car WHERE name = :q OR model = :q OR id = :id");

		assertThat(parsed.jdbcSql()).isEqualTo("SELECT * FROM car WHERE name = ? OR model = ? OR id = ?");
		assertThat(parsed.names()).containsExactly("q", "q", "id");
		assertThat(parsed.fields()).containsExactly("q", "id");
	}

	@Test
	void colonsInsideQuotesAreText() {
		SqlParameters parsed = SqlParameters
			.parse("SELECT ':no', \"a:b\", `c:d`, 'it''s :x', 'esc\\' :y', :yes FROM t WHERE at > '12:30:00'");

		assertThat(parsed.names()).containsExactly("yes");
		assertThat(parsed.jdbcSql())
			.isEqualTo("SELECT ':no', \"a:b\", `c:d`, 'it''s :x', 'esc\\' :y', ? FROM t WHERE at > '12:30:00'");
	}

	@Test
	void doubleColonsAssignmentsAndLoneColonsAreText() {
		SqlParameters parsed = SqlParameters.parse("SELECT a::text, @v := :value, b : 1, :_under_score2");

		assertThat(parsed.jdbcSql()).isEqualTo("SELECT a::text, @v := ?, b : 1, ?");
		assertThat(parsed.names()).containsExactly("value", "_under_score2");
	}

	@Test
	void commentsHideParametersAndAreLeftOutButHintsStay() {
		SqlParameters parsed = SqlParameters.parse("""
				SELECT /*+ MAX_EXECUTION_TIME(1000) */ id -- the id :not
				FROM car # where :neither
				/* :nor ? this */ WHERE name = :name /*!50700 AND 1 = 1 */""");

		assertThat(parsed.names()).containsExactly("name");
		assertThat(parsed.jdbcSql()).contains("/*+ MAX_EXECUTION_TIME(1000) */", "/*!50700 AND 1 = 1 */")
			.doesNotContain(":not", ":neither", ":nor", "the id");
		assertThat(parsed.jdbcSql()).containsOnlyOnce("?");
	}

	@Test
	void doubleDashWithoutASpaceIsMinusMinus() {
		SqlParameters parsed = SqlParameters.parse("SELECT 5--:n");

		assertThat(parsed.names()).containsExactly("n");
		assertThat(parsed.jdbcSql()).isEqualTo("SELECT 5--?");
	}

	@Test
	void aTrailingSemicolonIsDropped() {
		assertThat(SqlParameters.parse("DELETE FROM car WHERE id = :id ;  -- done\n").jdbcSql())
			.isEqualTo("DELETE FROM car WHERE id = ?");
	}

	@Test
	void aStatementWithoutParametersIsFine() {
		SqlParameters parsed = SqlParameters.parse("SELECT COUNT(*) FROM car");

		assertThat(parsed.names()).isEmpty();
		assertThat(parsed.fields()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			SELECT * FROM car WHERE id = ?              | positional '?' parameter at position 30
			SELECT 'unterminated                        | unterminated ' quote starting at position 8
			SELECT "a\\" FROM t                         | unterminated " quote starting at position 8
			SELECT 1 /* never closed                    | unterminated /* comment starting at position 10
			DELETE FROM car; DROP TABLE jobs            | more than one statement (';' at position 16)
			~   ~                                       | is empty
			-- only a comment                           | is empty
			""")
	void unusableStatementsAreRefusedSayingWhereTheProblemIs(String sql, String problem) {
		assertThatThrownBy(() -> SqlParameters.parse(sql)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("the statement ")
			.hasMessageContaining(problem);
	}

}
