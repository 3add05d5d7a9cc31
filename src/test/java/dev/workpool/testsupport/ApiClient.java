package dev.workpool.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.joblog.LogLine;

/**
 * Drives the service through its public HTTP API only, as a user's script would (real
 * HTTP/1.1 with java.net.http).
 */
public final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	/** A client of the service listening on the given local port. */
	public ApiClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** GET of the path. */
	public Response get(String path) {
		return send(request(path).GET());
	}

	/** GET of the path asking for the given media type. */
	public Response get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET());
	}

	/** The job's whole log, parsed line by line (GET /api/v1/jobs/{id}/log). */
	public List<LogLine> logLines(long jobId) {
		Response response = get("/api/v1/jobs/" + jobId + "/log");
		if (response.status() != 200) {
			throw new IllegalStateException("GET log of job " + jobId + " -> " + response.status());
		}
		List<LogLine> lines = new ArrayList<>();
		for (String text : response.body().split("\n")) {
			if (!text.isEmpty()) {
				lines.add(LogLine.parse(text));
			}
		}
		return lines;
	}

	/** POST of a JSON body. */
	public Response postJson(String path, String body) {
		return post(path, "application/json", BodyPublishers.ofString(body));
	}

	/** POST of a JSON body with one extra request header. */
	public Response postJson(String path, String body, String header, String value) {
		return send(request(path).header("Content-Type", "application/json")
			.header(header, value)
			.POST(BodyPublishers.ofString(body)));
	}

	/**
	 * POST with an explicit content type ({@code null} for none); {@code body} decides
	 * Content-Length or chunked.
	 */
	public Response post(String path, String contentType, BodyPublisher body) {
		HttpRequest.Builder request = request(path).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	/** A request with the given method and no body. */
	public Response send(String method, String path) {
		return send(request(path).method(method, BodyPublishers.noBody()));
	}

	/** A body without Content-Length (sent chunked). */
	public static BodyPublisher chunked(byte[] body) {
		Supplier<InputStream> stream = () -> new ByteArrayInputStream(body);
		return BodyPublishers.ofInputStream(stream);
	}

	/** Submits a job and returns its id; fails unless the answer is 202. */
	public long submit(String body) {
		Response response = postJson("/api/v1/jobs", body);
		if (response.status() != 202) {
			throw new AssertionError("submit answered " + response.status() + ": " + response.body());
		}
		return response.json().get("id").asLong();
	}

	/** The job as the API shows it. */
	public JsonNode job(long id) {
		return get("/api/v1/jobs/" + id).json();
	}

	/** Cancels the job; returns the answer's body. */
	public JsonNode cancel(long id) {
		return postJson("/api/v1/jobs/" + id + "/cancel", "").json();
	}

	/** The workers as the API shows them. */
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

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Status, the headers tests look at (Location {@code null} if absent), and the body.
	 */
	public record Response(int status, String contentType, String location, String body) {

		/** The body parsed as JSON. */
		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/** Whether the body is an RFC 9457 problem detail. */
		public boolean isProblem() {
			return this.contentType.startsWith("application/problem+json");
		}

	}

}
