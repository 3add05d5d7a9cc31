package dev.workpool.tasks.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request and its response, with the body read up to a limit: text, or the parsed
 * value when the response is JSON (and complete).
 *
 * @param status the status code
 * @param headers every response header, lower-case name to value (repeated ones joined
 * with {@code ", "})
 * @param body the body as text, or as a JSON value
 * @param truncated whether the body was longer than the limit and cut off
 */
record HttpExchange(int status, Map<String, String> headers, Object body, boolean truncated) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static HttpExchange send(HttpClient client, HttpRequest request, long maxBodyBytes)
			throws IOException, InterruptedException {
		HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
		byte[] bytes;
		try (InputStream in = response.body()) {
			bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
		}
		boolean truncated = bytes.length > maxBodyBytes;
		int length = truncated ? (int) maxBodyBytes : bytes.length;
		Map<String, String> headers = new TreeMap<>();
		response.headers().map().forEach((name, values) -> {
			if (!name.startsWith(":")) {
				headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values));
			}
		});
		String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
		String text = new String(bytes, 0, length, charset(contentType));
		return new HttpExchange(response.statusCode(), headers, body(text, contentType, truncated), truncated);
	}

	/** The URL as logged: without its query, which often carries credentials. */
	static String redact(URI uri) {
		String shown = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
		return (uri.getRawQuery() != null) ? shown + "?..." : shown;
	}

	private static Object body(String text, String contentType, boolean truncated) {
		String mediaType = contentType.split(";", 2)[0].trim();
		if (truncated || text.isEmpty() || !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
			return text;
		}
		try {
			return JSON.readValue(text, Object.class);
		}
		catch (JacksonException ex) {
			return text;
		}
	}

	private static Charset charset(String contentType) {
		for (String part : contentType.split(";")) {
			String parameter = part.trim();
			if (parameter.startsWith("charset=")) {
				try {
					return Charset.forName(parameter.substring(8).replace("\"", "").trim());
				}
				catch (RuntimeException ex) {
					return StandardCharsets.UTF_8;
				}
			}
		}
		return StandardCharsets.UTF_8;
	}

}
