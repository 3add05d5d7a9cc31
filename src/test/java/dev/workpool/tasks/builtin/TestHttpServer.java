package dev.workpool.tasks.builtin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server for tests of the {@code http} task type, on 127.0.0.1 and a free
 * port. {@code /items/<x>} answers JSON {@code {"item": "<x>", "query": "..."}};
 * {@code /flaky/<key>} answers 503 twice per key, then 200; {@code /status/<code>}
 * answers that status; {@code /big} answers 10,000 bytes of text; {@code /redirect}
 * answers 302 to elsewhere; {@code /echo} returns the request body and content type.
 */
public final class TestHttpServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final AtomicInteger requests = new AtomicInteger();

	public TestHttpServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	/** Requests received so far. */
	public int requests() {
		return this.requests.get();
	}

	/** Requests received for {@code path}. */
	public int calls(String path) {
		AtomicInteger count = this.calls.get(path);
		return (count != null) ? count.get() : 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		this.requests.incrementAndGet();
		String path = exchange.getRequestURI().getPath();
		int call = this.calls.computeIfAbsent(path, (p) -> new AtomicInteger()).incrementAndGet();
		byte[] requestBody = exchange.getRequestBody().readAllBytes();
		if (path.startsWith("/items/")) {
			String query = exchange.getRequestURI().getRawQuery();
			send(exchange, 200, "application/json", "{\"item\": \"" + path.substring(7) + "\", \"query\": \""
					+ ((query != null) ? query : "") + "\", \"method\": \"" + exchange.getRequestMethod() + "\"}");
		}
		else if (path.startsWith("/flaky/")) {
			send(exchange, (call <= 2) ? 503 : 200, "text/plain", "call " + call);
		}
		else if (path.startsWith("/status/")) {
			send(exchange, Integer.parseInt(path.substring(8)), "text/plain", "status body");
		}
		else if (path.equals("/big")) {
			send(exchange, 200, "text/plain; charset=utf-8", "x".repeat(10_000));
		}
		else if (path.equals("/redirect")) {
			exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
			send(exchange, 302, "text/plain", "");
		}
		else if (path.equals("/echo")) {
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			String auth = exchange.getRequestHeaders().getFirst("X-Token");
			send(exchange, 200, "application/json", "{\"type\": \"" + type + "\", \"token\": \"" + auth
					+ "\", \"body\": " + quote(new String(requestBody, StandardCharsets.UTF_8)) + "}");
		}
		else {
			send(exchange, 404, "text/plain", "no such path");
		}
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
