package dev.workpool.api;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.workpool.jobs.JobTables;
import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.ApiClient.Response;
import dev.workpool.testsupport.IntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.workpool.jobs.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every rejected request gets a problem+json answer with the right status, names the
 * offending field, leaks no stack trace, and stores nothing.
 */
@IntegrationTest
class BadRequestsIT {

	private static final String JOBS = "/api/v1/jobs";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApiClient api;

	JobTables tables;

	@BeforeEach
	void setUp() {
		this.tables = new JobTables(this.jdbc);
	}

	static Stream<Arguments> badRequests() {
		return Stream.of(
				bad("malformed JSON", post("{\"task\": \"echo-test\", \"inputs\": [1,"), 400, null, "malformed JSON"),
				bad("missing task", post(aJob().without("task").build()), 400, "task", null),
				bad("missing inputs", post(aJob().without("inputs").build()), 400, "inputs", null),
				bad("empty inputs", post(aJob().withInputs(List.of()).build()), 400, "inputs", null),
				bad("parallelism 0", post(aJob().withParallelism(0).build()), 400, "parallelism", null),
				bad("parallelism 1000000", post(aJob().withParallelism(1000000).build()), 400, "parallelism", "1024"),
				bad("chunkSize 0", post(aJob().withChunkSize(0).build()), 400, "chunkSize", null),
				bad("threadsPerWorker 0", post(aJob().withThreadsPerWorker(0).build()), 400, "threadsPerWorker", null),
				bad("threadsPerWorker 65", post(aJob().withThreadsPerWorker(65).build()), 400, "threadsPerWorker",
						"64"),
				bad("threadsPerWorker as a word", post(aJob().withThreadsPerWorker("x").build()), 400,
						"threadsPerWorker", null),
				bad("taskTimeout banana", post(aJob().withTaskTimeout("banana").build()), 400, "taskTimeout", null),
				bad("taskTimeout PT0S", post(aJob().withTaskTimeout("PT0S").build()), 400, "taskTimeout", null),
				bad("taskTimeout over the maximum", post(aJob().withTaskTimeout("P2D").build()), 400, "taskTimeout",
						null),
				bad("maxAttempts 0", post(aJob().withMaxAttempts(0).build()), 400, "maxAttempts", null),
				bad("maxAttempts over the maximum", post(aJob().withMaxAttempts(11).build()), 400, "maxAttempts", null),
				bad("parallelism as a word", post(aJob().withParallelism("four").build()), 400, "parallelism", null),
				bad("inputs as a string", post(aJob().withInputs(null).with("inputs", "x").build()), 400, "inputs",
						null),
				bad("params as an array", post(aJob().with("params", List.of(1)).build()), 400, "params", null),
				bad("unknown top-level field", post(aJob().with("paralelism", 2).build()), 400, "paralelism", null),
				bad("task param refused by the task type", post(aJob().with("params", Map.of("rounds", -1)).build()),
						400, "params.rounds", null),
				bad("input refused by the task type", post(aJob().withInputs(List.of("ok", "reject-me")).build()), 400,
						"inputs[1]", null),
				bad("http: missing url", post(aJob().withTask("http").withParams(Map.of()).build()), 400, "params.url",
						null),
				bad("http: host not allowed",
						post(aJob().withTask("http")
							.withParams(Map.of("url", "http://169.254.169.254/latest/meta-data/"))
							.build()),
						400, "params.url", "allowed-hosts"),
				bad("http: placeholder in the host",
						post(aJob().withTask("http").withParams(Map.of("url", "http://{host}/x")).build()), 400,
						"params.url", null),
				bad("http: unknown method",
						post(aJob().withTask("http")
							.withParams(Map.of("url", "http://127.0.0.1/x", "method", "TRACE"))
							.build()),
						400, "params.method", null),
				bad("http: bad timeout",
						post(aJob().withTask("http")
							.withParams(Map.of("url", "http://127.0.0.1/x", "timeout", "10s"))
							.build()),
						400, "params.timeout", null),
				bad("http: restricted header",
						post(aJob().withTask("http")
							.withParams(Map.of("url", "http://127.0.0.1/x", "headers", Map.of("Host", "evil")))
							.build()),
						400, "params.headers.Host", null),
				bad("command: missing executable", post(aJob().withTask("command").withParams(Map.of()).build()), 400,
						"params.executable", null),
				bad("command: executable not allowed",
						post(aJob().withTask("command").withParams(Map.of("executable", "/bin/rm")).build()), 400,
						"params.executable", "workpool.tasks.command.allowed"),
				bad("command: working dir escaping with ..",
						post(aJob().withTask("command")
							.withParams(Map.of("executable", "/bin/sh", "workingDir", "a/../../etc"))
							.build()),
						400, "params.workingDir", null),
				bad("command: absolute working dir",
						post(aJob().withTask("command")
							.withParams(Map.of("executable", "/bin/sh", "workingDir", "/tmp"))
							.build()),
						400, "params.workingDir", null),
				bad("command: env name not allowed",
						post(aJob().withTask("command")
							.withParams(Map.of("executable", "/bin/sh", "env", Map.of("LD_PRELOAD", "/tmp/x.so")))
							.build()),
						400, "params.env.LD_PRELOAD", null),
				bad("command: args not a list",
						post(aJob().withTask("command")
							.withParams(Map.of("executable", "/bin/sh", "args", "-c ls"))
							.build()),
						400, "params.args", null),
				bad("unknown task type", post(aJob().withTask("no-such-task").build()), 400, "task", "no-such-task"),
				bad("backoff initial banana", post(aJob().with("backoff", Map.of("initial", "banana")).build()), 400,
						"backoff.initial", null),
				bad("backoff initial negative", post(aJob().with("backoff", Map.of("initial", "-PT1S")).build()), 400,
						"backoff.initial", null),
				bad("backoff initial over its max",
						post(aJob().with("backoff", Map.of("initial", "PT10S", "max", "PT5S")).build()), 400,
						"backoff.initial", null),
				bad("backoff multiplier below 1", post(aJob().with("backoff", Map.of("multiplier", 0.5)).build()), 400,
						"backoff.multiplier", null),
				bad("backoff multiplier as a word", post(aJob().with("backoff", Map.of("multiplier", "two")).build()),
						400, "backoff.multiplier", null),
				bad("backoff max over the maximum", post(aJob().with("backoff", Map.of("max", "PT2H")).build()), 400,
						"backoff.max", null),
				bad("backoff unknown field", post(aJob().with("backoff", Map.of("intial", "PT1S")).build()), 400,
						"backoff.intial", null),
				bad("retryOn unknown cause", post(aJob().with("retryOn", List.of("crash", "oops")).build()), 400,
						"retryOn", "oops"),
				bad("retryOn as a string", post(aJob().with("retryOn", "crash").build()), 400, "retryOn", null),
				bad("negative deadline", post(aJob().with("deadline", "-PT5S").build()), 400, "deadline", null),
				bad("zero deadline", post(aJob().with("deadline", "PT0S").build()), 400, "deadline", null),
				bad("deadline over the maximum", post(aJob().with("deadline", "P30D").build()), 400, "deadline", null),
				bad("deadline banana", post(aJob().with("deadline", "banana").build()), 400, "deadline", null),
				bad("Idempotency-Key over 200 characters", postWithKey(aJob().build(), "k".repeat(201)), 400,
						"Idempotency-Key", null),
				bad("Idempotency-Key empty", postWithKey(aJob().build(), ""), 400, "Idempotency-Key", null),
				bad("Idempotency-Key with a control character", postWithKey(aJob().build(), "tab\there"), 400,
						"Idempotency-Key", null),
				bad("Idempotency-Key with a bad body", postWithKey(aJob().withParallelism(0).build(), "good-key"), 400,
						"parallelism", null),
				bad("sql without a statement", post(sqlJob(Map.of(), List.of(Map.of("name", "a")))), 400,
						"params.statement", null),
				bad("sql statement not configured",
						post(sqlJob(Map.of("statement", "drop-all"), List.of(Map.of("name", "a")))), 400,
						"params.statement", "insert-car"),
				bad("sql raw SQL in params",
						post(sqlJob(Map.of("statement", "insert-car", "sql", "DROP TABLE jobs"), List.of("a"))), 400,
						"params.sql", null),
				bad("sql maxRows as text",
						post(sqlJob(Map.of("statement", "select-cars", "maxRows", "ten"), List.of("%"))), 400,
						"params.maxRows", null),
				bad("sql maxRows over the cap",
						post(sqlJob(Map.of("statement", "select-cars", "maxRows", 101), List.of("%"))), 400,
						"params.maxRows", null),
				bad("sql input missing a field of the statement",
						post(sqlJob(Map.of("statement", "insert-car"),
								List.of(Map.of("name", "a"), Map.of("nmae", "b")))),
						400, "inputs[1].name", null),
				bad("body over the limit with Content-Length",
						(api) -> api.post(JOBS, "application/json", BodyPublishers.ofString(largeJob())), 413, null,
						"max-request-size"),
				bad("chunked body over the limit",
						(api) -> api.post(JOBS, "application/json",
								ApiClient.chunked(largeJob().getBytes(StandardCharsets.UTF_8))),
						413, null, "max-request-size"),
				bad("wrong content type", (api) -> api.post(JOBS, "text/plain", BodyPublishers.ofString("hello")), 415,
						null, null),
				bad("missing body", (api) -> api.post(JOBS, "application/json", BodyPublishers.noBody()), 400, null,
						null),
				bad("wrong method", (api) -> api.send("DELETE", JOBS + "/1"), 405, null, null),
				bad("unknown job id", (api) -> api.get(JOBS + "/987654321"), 404, null, "987654321"),
				bad("non-numeric job id", (api) -> api.get(JOBS + "/abc"), 400, "id", null),
				bad("cancel of an unknown job", (api) -> api.post(JOBS + "/987654321/cancel", null, empty()), 404, null,
						null),
				bad("results order foo", (api) -> api.get(JOBS + "/1/results?order=foo"), 400, "order", null),
				bad("results limit 0", (api) -> api.get(JOBS + "/1/results?limit=0"), 400, "limit", null),
				bad("results limit 1001", (api) -> api.get(JOBS + "/1/results?limit=1001"), 400, "limit", null),
				bad("results negative offset", (api) -> api.get(JOBS + "/1/results?offset=-1"), 400, "offset", null),
				bad("list limit 0", (api) -> api.get(JOBS + "?limit=0"), 400, "limit", null),
				bad("list limit 201", (api) -> api.get(JOBS + "?limit=201"), 400, "limit", null),
				bad("list limit not a number", (api) -> api.get(JOBS + "?limit=ten"), 400, "limit", null),
				bad("list status unknown", (api) -> api.get(JOBS + "?status=DONE"), 400, "status", null),
				bad("list cursor forged", (api) -> api.get(JOBS + "?cursor=bm90LWEtY3Vyc29y"), 400, "cursor", null),
				bad("unknown path under the API", (api) -> api.get("/api/v1/nothing-here"), 404, null, null));
	}

	@ParameterizedTest
	@MethodSource("badRequests")
	void badRequestIsAProblemNamingTheFieldAndStoresNothing(Function<ApiClient, Response> request, int status,
			String field, String detailContains) {
		long jobsBefore = this.tables.jobCount();
		long tasksBefore = this.tables.taskCount();

		Response response = request.apply(this.api);

		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.isProblem()).as(response.contentType()).isTrue();
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("detail").asString()).isNotBlank();
		if (field != null) {
			assertThat(problem.path("errors").values().stream().map((error) -> error.path("field").asString()))
				.contains(field);
		}
		if (detailContains != null) {
			assertThat(problem.path("detail").asString()).contains(detailContains);
		}
		assertThat(problem.has("trace")).isFalse();
		assertThat(problem.has("exception")).isFalse();
		assertThat(response.body()).doesNotContain("at dev.workpool", "Exception", "\tat ");
		assertThat(this.tables.jobCount()).isEqualTo(jobsBefore);
		assertThat(this.tables.taskCount()).isEqualTo(tasksBefore);
	}

	@ParameterizedTest
	@MethodSource("unknownTaskType")
	void unknownTaskTypeListsTheKnownTypes(Function<ApiClient, Response> request) {
		JsonNode problem = request.apply(this.api).json();
		assertThat(problem.path("knownTypes").values().stream().map(JsonNode::asString)).contains("echo-test");
	}

	static Stream<Arguments> unknownTaskType() {
		return Stream.of(argumentSet("unknown task type", post(aJob().withTask("no-such-task").build())));
	}

	private static Arguments bad(String name, Function<ApiClient, Response> request, int status, String field,
			String detailContains) {
		return argumentSet(name, request, status, field, detailContains);
	}

	private static Function<ApiClient, Response> post(String body) {
		return (api) -> api.postJson(JOBS, body);
	}

	private static Function<ApiClient, Response> postWithKey(String body, String key) {
		return (api) -> api.postJson(JOBS, body, "Idempotency-Key", key);
	}

	/** A job of the {@code sql} type (statements of the "it" profile). */
	private static String sqlJob(Map<String, Object> params, List<?> inputs) {
		return aJob().withTask("sql").withParams(params).withInputs(inputs).build();
	}

	private static BodyPublisher empty() {
		return BodyPublishers.noBody();
	}

	/**
	 * A valid job whose JSON is about 1.2 MB, over the 1 MB limit of the "it" profile.
	 */
	private static String largeJob() {
		return aJob().withInputs(Collections.nCopies(1500, "x".repeat(12_000))).build();
	}

}
