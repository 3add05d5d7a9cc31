package dev.workpool.tasks.builtin;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.IntegrationTest;
import dev.workpool.testsupport.ServiceConnections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code sql} task type (issue 4) against the service's own database, with the
 * statements of the "it" profile over a {@code car} table this class creates before and
 * drops after each test.
 */
@IntegrationTest
class SqlTaskIT {

	private static final String CREATE_CAR = """
			CREATE TABLE IF NOT EXISTS car (
			    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
			    name          VARCHAR(100) NOT NULL,
			    connection_id BIGINT       NULL,
			    CONSTRAINT car_name UNIQUE (name)
			) ENGINE = InnoDB""";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApiClient api;

	@BeforeEach
	void setUp() {
		this.jdbc.execute(CREATE_CAR);
		this.jdbc.update("DELETE FROM car");
	}

	@AfterEach
	void dropCar() {
		this.jdbc.execute("DROP TABLE IF EXISTS car");
	}

	@Test
	void sqlJobOf5000InsertsAtParallelism4WritesEveryRowOnEachWorkersOwnConnections() throws Exception {
		String inputs = IntStream.range(0, 5000)
			.mapToObj((i) -> "{\"name\":\"car-" + i + "\"}")
			.collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"sql","params":{"statement":"insert-car-tracked"},"inputs":[%s],"parallelism":4,
				 "chunkSize":25}""".formatted(inputs));

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(480), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.get("counts").get("succeeded").asInt()).isEqualTo(5000);
		assertThat(this.jdbc.queryForList("SELECT name FROM car", String.class)).hasSize(5000)
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, 5000).mapToObj((i) -> "car-" + i).toList());
		assertThat(this.api.results(id, "input"))
			.allSatisfy((r) -> assertThat(r.get("output").get("rowsAffected").asInt()).isEqualTo(1));

		// the insert's CONNECTION_ID() and the one that recorded its result, by worker
		Map<Long, Set<Long>> connectionsByWorker = new HashMap<>();
		this.jdbc.query("""
				SELECT t.worker_pid, c.connection_id, t.db_connection_id
				FROM tasks t JOIN car c ON c.name = CONCAT('car-', t.idx)
				WHERE t.job_id = ?""", (ResultSet rs) -> {
			Set<Long> ids = connectionsByWorker.computeIfAbsent(rs.getLong(1), (pid) -> new HashSet<>());
			ids.add(rs.getLong(2));
			ids.add(rs.getLong(3));
		}, id);
		assertThat(connectionsByWorker).hasSizeGreaterThanOrEqualTo(2).doesNotContainKey(ProcessHandle.current().pid());
		Set<Long> all = new HashSet<>();
		connectionsByWorker.values().forEach(all::addAll);
		int perWorker = connectionsByWorker.values().stream().mapToInt(Set::size).sum();
		assertThat(all).as("no connection is shared by two workers").hasSize(perWorker).doesNotContain(0L);
		assertThat(all).as("no worker used a connection of the service's pool")
			.doesNotContainAnyElementsOf(ServiceConnections.ids(this.dataSource));
	}

	@Test
	void queryReturnsAtMostMaxRowsAndSaysWhenItTruncated() {
		for (String name : List.of("Audi", "BMW", "Volvo", "Volkswagen", "Saab")) {
			this.jdbc.update("INSERT INTO car(name) VALUES (?)", name);
		}
		long id = this.api.submit("""
				{"task":"sql","params":{"statement":"select-cars","maxRows":3},"inputs":["%","Vol%","Z%"],
				 "parallelism":1}""");

		assertThat(this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED").get("status").asString())
			.isEqualTo("SUCCEEDED");
		List<JsonNode> results = this.api.results(id, "input");
		JsonNode all = results.get(0).get("output");
		assertThat(names(all)).containsExactly("Audi", "BMW", "Volvo");
		assertThat(all.get("truncated").asBoolean()).isTrue();
		assertThat(all.get("rows").get(0).get("id").isNumber()).isTrue();
		JsonNode vol = results.get(1).get("output");
		assertThat(names(vol)).containsExactly("Volvo", "Volkswagen");
		assertThat(vol.get("truncated").asBoolean()).isFalse();
		assertThat(names(results.get(2).get("output"))).isEmpty();
		assertThat(this.api.job(id).at("/params/maxRows").asInt()).isEqualTo(3);
	}

	@Test
	void queryValuesComeBackAsJsonNumbersStringsNullsIsoDatesAndBase64() {
		long id = this.api.submit("""
				{"task":"sql","params":{"statement":"typed-values"},"inputs":[{"n":41}],"parallelism":1}""");

		assertThat(this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED").get("status").asString())
			.isEqualTo("SUCCEEDED");
		JsonNode row = this.api.results(id, "input").get(0).get("output").get("rows").get(0);
		assertThat(row.get("next").asLong()).isEqualTo(42);
		assertThat(row.get("price").isNumber()).isTrue();
		assertThat(row.get("price").decimalValue()).isEqualByComparingTo("2.5");
		assertThat(row.get("text").asString()).isEqualTo("x");
		assertThat(row.get("nothing").isNull()).isTrue();
		assertThat(row.get("day").asString()).isEqualTo("2024-02-03");
		assertThat(row.get("at").asString()).isEqualTo("2024-02-03T04:05:06.789");
		assertThat(row.get("clock").asString()).isEqualTo("10:11:12");
		assertThat(row.get("bytes").asString()).isEqualTo("3q2+7w==");
	}

	@Test
	void aFailingStatementFailsItsTaskWithAClearErrorAndLeavesNoPartialRow() {
		this.jdbc.update("INSERT INTO car(name) VALUES ('Volvo')");
		long id = this.api.submit("""
				{"task":"sql","params":{"statement":"insert-two-cars"},"parallelism":1,"chunkSize":3,"inputs":[
				  {"first":"Fiat","second":"Opel"}, {"first":"Saab","second":"Volvo"}, {"first":"Audi","second":"BMW"}]}
				""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).isEqualTo("FAILED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results.get(1).get("status").asString()).isEqualTo("FAILED");
		assertThat(results.get(1).get("error").asString())
			.contains("statement 'insert-two-cars' failed and was rolled back")
			.contains("Duplicate entry 'Volvo'")
			.contains("SQLState 23000");
		// the tasks before and after it, on the same worker and pool, are unaffected
		for (int i : new int[] { 0, 2 }) {
			assertThat(results.get(i).get("status").asString()).isEqualTo("SUCCEEDED");
			assertThat(results.get(i).get("output").get("rowsAffected").asInt()).isEqualTo(2);
		}
		assertThat(this.jdbc.queryForList("SELECT name FROM car", String.class)).containsExactlyInAnyOrder("Volvo",
				"Fiat", "Opel", "Audi", "BMW");
	}

	@Test
	void aWorkerKilledMidChunkLeavesNoUncommittedRowAndItsTasksRunAgainInsertingEachRowOnce() {
		// 'a' inserts and waits in the chunk's transaction while 'b' pauses past its
		// timeout: the worker is killed, the database rolls 'a' back (once b's statement
		// ends, 1 s after the kill: only then does the server see the connection gone and
		// free 'a''s row lock), 'a' runs again (a 4 s timeout leaves that run on a cold
		// worker time to spare on a busy machine)
		long id = this.api.submit("""
				{"task":"sql","params":{"statement":"insert-car-after-pause"},"parallelism":1,"chunkSize":4,
				 "taskTimeout":"PT4S","maxAttempts":1,"inputs":[
				  {"name":"a","pause":0}, {"name":"b","pause":5}, {"name":"c","pause":0}, {"name":"d","pause":0}]}
				""");

		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(90), "SUCCEEDED", "FAILED");

		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("FAILED");
		List<JsonNode> results = this.api.results(id, "input");
		assertThat(results.get(1).get("status").asString()).isEqualTo("FAILED");
		assertThat(results.get(1).get("error").asString()).contains("timed out");
		for (int i : new int[] { 0, 2, 3 }) {
			assertThat(results.get(i).get("status").asString()).as(results.get(i).toString()).isEqualTo("SUCCEEDED");
		}
		// 'a' ran twice (attempt 2, charged nothing) and its row exists once: its first
		// insert died with the worker's open transaction (with maxAttempts 1, a duplicate
		// key on the second run would have failed it)
		assertThat(this.jdbc.queryForObject(
				"SELECT CONCAT(attempt, '/', failures) FROM tasks WHERE job_id = ? AND idx = 0", String.class, id))
			.isEqualTo("2/0");
		assertThat(this.jdbc.queryForList("SELECT name FROM car ORDER BY name", String.class)).containsExactly("a", "c",
				"d");
	}

	@Test
	void badParamsAndInputsAreRefusedAtSubmissionNamingTheFieldAndNothingIsStored() {
		long jobsBefore = jobCount();

		assertRefused("""
				{"task":"sql","inputs":[{"name":"a"}]}""", "params.statement", "is required");
		assertRefused("""
				{"task":"sql","params":{"statement":"drop-all"},"inputs":[{"name":"a"}]}""", "params.statement",
				"'drop-all'",
				"insert-car, insert-car-after-pause, insert-car-tracked, insert-two-cars, select-cars, typed-values");
		assertRefused("""
				{"task":"sql","params":{"statement":"insert-car","sql":"DROP TABLE jobs"},"inputs":["a"]}""",
				"params.sql", "not supported");
		assertRefused("""
				{"task":"sql","params":{"statement":"select-cars","maxRows":"ten"},"inputs":["%"]}""", "params.maxRows",
				"integer");
		assertRefused("""
				{"task":"sql","params":{"statement":"select-cars","maxRows":101},"inputs":["%"]}""", "params.maxRows",
				"100");
		assertRefused("""
				{"task":"sql","params":{"statement":"insert-car"},"inputs":[{"name":"a"},{"nmae":"b"}]}""",
				"inputs[1].name", "required by statement 'insert-car'");
		assertRefused("""
				{"task":"sql","params":{"statement":"insert-two-cars"},"inputs":["a"]}""", "inputs[0]",
				":first, :second");
		assertThat(jobCount()).isEqualTo(jobsBefore);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM car", Long.class)).isZero();
	}

	@Test
	void catalogueListsTheConfiguredStatementsAndItsExampleRuns() {
		JsonNode sql = this.api.get("/api/v1/task-types/sql").json();

		assertThat(sql.at("/paramsSchema/properties/statement/examples").values().stream().map(JsonNode::asString))
			.contains("insert-car", "select-cars");
		assertThat(sql.at("/paramsSchema/properties/maxRows/maximum").asInt()).isEqualTo(100);
		long id = this.api.submit(sql.get("example").toString());
		JsonNode job = this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED", "FAILED");
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
	}

	private void assertRefused(String body, String field, String... detail) {
		Response response = this.api.postJson("/api/v1/jobs", body);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("errors").values().stream().map((e) -> e.path("field").asString())).contains(field);
		assertThat(problem.path("detail").asString()).contains(detail);
	}

	private long jobCount() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Long.class);
	}

	private static List<String> names(JsonNode output) {
		return output.get("rows").values().stream().map((row) -> row.get("name").asString()).toList();
	}

}
