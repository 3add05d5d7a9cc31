package dev.workpool.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the service through its public HTTP API only, as a user's script would.
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public ApiClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public Response post(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET());
	}

	/** Submits a job and returns its id; fails unless the answer is 202. */
	public long submit(String body) {
		Response response = post("/api/v1/jobs", body);
		if (response.status() != 202) {
			throw new AssertionError("submit answered " + response.status() + ": " + response.body());
		}
		return response.json().get("id").asLong();
	}

	public JsonNode job(long id) {
		return get("/api/v1/jobs/" + id).json();
	}

	public JsonNode cancel(long id) {
		return post("/api/v1/jobs/" + id + "/cancel", "").json();
	}

	public JsonNode workers() {
		return get("/api/v1/workers").json();
	}

	/** Every result of the job in the given order, page by page. */
	public List<JsonNode> results(long id, String order) {
		List<JsonNode> all = new ArrayList<>();
		long offset = 0;
		while (true) {
			JsonNode page = get("/api/v1/jobs/" + id + "/results?order=" + order + "&offset=" + offset + "&limit=1000")
				.json();
			page.get("items").forEach(all::add);
			JsonNode next = page.get("next");
			if (next == null || next.isNull()) {
				return all;
			}
			offset = next.asLong();
		}
	}

	/** Waits until the job reaches one of the statuses; returns the job. */
	public JsonNode awaitStatus(long id, Duration timeout, String... statuses) {
		Set<String> wanted = Set.of(statuses);
		JsonNode[] last = new JsonNode[1];
		Awaitility.await("job " + id + " reaches " + wanted)
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				last[0] = job(id);
				return wanted.contains(last[0].get("status").asString());
			});
		return last[0];
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, String contentType, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
