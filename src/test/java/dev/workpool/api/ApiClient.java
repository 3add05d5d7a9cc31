package dev.workpool.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the application under test (java.net.http, HTTP/1.1). */
final class ApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String base;

	ApiClient(int port) {
		this.base = "http://localhost:" + port;
	}

	Response get(String path) {
		return send(request(path).GET());
	}

	Response get(String path, String accept) {
		return send(request(path).header("Accept", accept).GET());
	}

	Response postJson(String path, String body) {
		return post(path, "application/json", BodyPublishers.ofString(body));
	}

	/** POST of a JSON body with one extra request header. */
	Response postJson(String path, String body, String header, String value) {
		return send(request(path).header("Content-Type", "application/json")
			.header(header, value)
			.POST(BodyPublishers.ofString(body)));
	}

	/**
	 * POST with an explicit content type; {@code body} decides Content-Length or chunked.
	 */
	Response post(String path, String contentType, BodyPublisher body) {
		HttpRequest.Builder request = request(path).POST(body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request);
	}

	Response send(String method, String path) {
		return send(request(path).method(method, BodyPublishers.noBody()));
	}

	/** A body without Content-Length (sent chunked). */
	static BodyPublisher chunked(byte[] body) {
		Supplier<InputStream> stream = () -> new ByteArrayInputStream(body);
		return BodyPublishers.ofInputStream(stream);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			var response = this.http.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.headers().firstValue("Location").orElse(null), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Status, the headers tests look at, and the body. */
	record Response(int status, String contentType, String location, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		boolean isProblem() {
			return this.contentType.startsWith("application/problem+json");
		}

	}

}
