package dev.workpool.tasks.builtin;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTaskTest {

	TestHttpServer server;

	HttpTask task = new HttpTask();

	@BeforeEach
	void setUp() throws Exception {
		this.server = new TestHttpServer();
		this.task.configure(Map.of("allowedHosts", List.of("127.0.0.1", "rebind.test"), "maxResponseBytes", 1000));
	}

	@AfterEach
	void tearDown() {
		this.server.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void requestPerInputReturnsStatusHeadersAndParsedJson() throws Exception {
		TestContext context = context(Map.of("url", this.server.url("/items/{id}?q={q}")));
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) this.task.run(Map.of("id", 7, "q", "a b&c"), context);
		assertThat(result).containsEntry("status", 200).containsEntry("attempts", 1).containsEntry("truncated", false);
		assertThat(result.get("body")).isEqualTo(Map.of("item", "7", "query", "q=a%20b%26c", "method", "GET"));
		assertThat((Map<String, Object>) result.get("headers")).containsEntry("content-type", "application/json");
		assertThat((Long) result.get("elapsedMs")).isNotNegative();
		assertThat(context.logged()).singleElement()
			.asString()
			.matches("INFO GET http://127\\.0\\.0\\.1:\\d+/items/7\\?\\.\\.\\.: 200 in \\d+ ms \\(attempt 1/3\\)");
	}

	@Test
	void serverErrorsAreRetriedWithBackoff() throws Exception {
		TestContext context = context(
				Map.of("url", this.server.url("/flaky/{input}"), "retry", Map.of("initialBackoff", "PT0.01S")));
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) this.task.run("k", context);
		assertThat(result).containsEntry("status", 200).containsEntry("attempts", 3).containsEntry("body", "call 3");
		assertThat(context.logged()).hasSize(3);
		assertThat(context.logged().get(0)).startsWith("WARN GET")
			.contains(": 503 in ", "(attempt 1/3); retrying in 10 ms");
		assertThat(context.logged().get(1)).contains("(attempt 2/3); retrying in 20 ms");
		assertThat(context.logged().get(2)).startsWith("INFO GET").contains(": 200 in ", "(attempt 3/3)");
	}

	@Test
	void serverErrorOnTheLastAttemptFailsTheTask() {
		TestContext context = context(Map.of("url", this.server.url("/status/500"), "retry",
				Map.of("maxAttempts", 2, "initialBackoff", "PT0.01S")));
		assertThatThrownBy(() -> this.task.run("x", context)).isInstanceOf(HttpStatusException.class)
			.hasMessageContaining("HTTP 500 from GET")
			.hasMessageContaining("after 2 attempts");
		assertThat(this.server.calls("/status/500")).isEqualTo(2);
	}

	@Test
	void clientErrorFailsAtOnceNamingTheStatus() {
		TestContext context = context(Map.of("url", this.server.url("/status/404")));
		assertThatThrownBy(() -> this.task.run("x", context)).isInstanceOf(HttpStatusException.class)
			.hasMessageContaining("HTTP 404 from GET")
			.hasMessageContaining("not retried")
			.hasMessageContaining("status body");
		assertThat(this.server.calls("/status/404")).isEqualTo(1);
	}

	@Test
	void connectionFailuresAreRetriedThenFail() throws Exception {
		int closedPort = this.server.port();
		this.server.close();
		TestContext context = context(Map.of("url", "http://127.0.0.1:" + closedPort + "/x", "retry",
				Map.of("maxAttempts", 2, "initialBackoff", "PT0.01S")));
		assertThatThrownBy(() -> this.task.run("x", context)).isInstanceOf(HttpStatusException.class)
			.hasMessageContaining("failed after 2 attempts")
			.hasMessageContaining("ConnectException");
		assertThat(context.logged()).hasSize(2);
	}

	@Test
	void longBodyIsCutAndFlagged() throws Exception {
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) this.task.run("x",
				context(Map.of("url", this.server.url("/big"))));
		assertThat(result).containsEntry("truncated", true);
		assertThat((String) result.get("body")).hasSize(1000);
	}

	@Test
	@SuppressWarnings("unchecked")
	void redirectsAreReturnedNotFollowed() throws Exception {
		@SuppressWarnings("unchecked")
		Map<String, Object> result = (Map<String, Object>) this.task.run("x",
				context(Map.of("url", this.server.url("/redirect"))));
		assertThat(result).containsEntry("status", 302);
		assertThat((Map<String, Object>) result.get("headers")).containsEntry("location",
				"http://169.254.169.254/latest/meta-data/");
		assertThat(this.server.requests()).isEqualTo(1);
	}

	@Test
	void bodyHeadersAndInputAsJson() throws Exception {
		Map<String, Object> input = Map.of("name", "ada", "token", "t-1");
		@SuppressWarnings("unchecked")
		Map<String, Object> templated = (Map<String, Object>) this.task.run(input,
				context(Map.of("method", "POST", "url", this.server.url("/echo"), "headers",
						Map.of("X-Token", "{token}", "Content-Type", "text/plain"), "body", "{\"n\": \"{name}\"}")));
		assertThat(templated.get("body"))
			.isEqualTo(Map.of("type", "text/plain", "token", "t-1", "body", "{\"n\": \"ada\"}"));
		@SuppressWarnings("unchecked")
		Map<String, Object> asJson = (Map<String, Object>) this.task.run(Map.of("a", 1),
				context(Map.of("method", "PUT", "url", this.server.url("/echo"), "bodyFromInput", true)));
		assertThat(asJson.get("body"))
			.isEqualTo(Map.of("type", "application/json", "token", "null", "body", "{\"a\":1}"));
	}

	@Test
	void nameResolvingToLoopbackAtRunTimeIsRefused() {
		HttpTask rebinding = new HttpTask((host) -> List.of(InetAddress.getByName("127.0.0.1")));
		rebinding.configure(Map.of("allowedHosts", List.of("rebind.test")));
		TestContext context = context(Map.of("url", "http://rebind.test:" + this.server.port() + "/items/1"));
		assertThatThrownBy(() -> rebinding.run("x", context)).isInstanceOf(TargetRefusedException.class)
			.hasMessageContaining("rebind.test resolves to 127.0.0.1, a loopback address");
		assertThat(this.server.requests()).isZero();
	}

	@Test
	void disallowedHostIsRefusedAtValidationNamingTheUrl() {
		assertThatThrownBy(() -> this.task.validateParams(Map.of("url", "https://evil.example.com/x")))
			.isInstanceOf(InvalidTaskArgumentException.class)
			.hasMessageContaining("evil.example.com")
			.hasMessageContaining("workpool.tasks.http.allowed-hosts")
			.extracting("field")
			.isEqualTo("params.url");
		HttpTask unconfigured = new HttpTask();
		unconfigured.configure(Map.of());
		assertThatThrownBy(() -> unconfigured.validateParams(Map.of("url", this.server.url("/x"))))
			.hasMessageContaining("empty denies every host");
	}

	@Test
	void badParamsNameTheirField() {
		assertThat(TestContext.refusedField(this.task, Map.of("url", "http://{host}/x"))).isEqualTo("params.url");
		assertThat(TestContext.refusedField(this.task, Map.of("url", this.server.url("/"), "timeout", "ten seconds")))
			.isEqualTo("params.timeout");
		assertThat(TestContext.refusedField(this.task, Map.of("url", this.server.url("/"), "timeout", "PT1H")))
			.isEqualTo("params.timeout");
		assertThat(TestContext.refusedField(this.task,
				Map.of("url", this.server.url("/"), "headers", Map.of("Host", "x"))))
			.isEqualTo("params.headers.Host");
		assertThat(TestContext.refusedField(this.task,
				Map.of("url", this.server.url("/"), "body", "x", "bodyFromInput", true)))
			.isEqualTo("params.bodyFromInput");
		assertThat(TestContext.refusedField(this.task,
				Map.of("url", this.server.url("/"), "retry", Map.of("maxBackoff", "PT2H"))))
			.isEqualTo("params.retry.maxBackoff");
	}

	@Test
	void cancelDuringBackoffStopsTheTask() {
		AtomicBoolean cancelled = new AtomicBoolean();
		TestContext context = new TestContext(Map.of("url", this.server.url("/status/503"), "retry",
				Map.of("maxAttempts", 5, "initialBackoff", "PT30S")), cancelled);
		Thread canceller = new Thread(() -> {
			while (context.logged().isEmpty()) {
				Thread.onSpinWait();
			}
			cancelled.set(true);
		});
		canceller.start();
		long start = System.nanoTime();
		assertThatThrownBy(() -> this.task.run("x", context)).isInstanceOf(CancellationException.class);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
	}

	private static TestContext context(Map<String, Object> params) {
		return new TestContext(new HashMap<>(params));
	}

}
