package dev.workpool.tasks.builtin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * {@code http}: one HTTP request per input, to a host the operator allows
 * ({@code workpool.tasks.http.allowed-hosts}), with in-task retries of 5xx answers and
 * network errors, and one job-log line per request. Redirects are not followed (a 3xx is
 * returned as is); a 4xx fails the task at once, a 5xx once the retries are used up.
 */
public final class HttpTask implements Task {

	static final String NAME = "http";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long SLICE_MILLIS = 100;

	private final Resolver resolver;

	private HttpTargetPolicy policy = HttpTargetPolicy.of(List.of());

	private long maxResponseBytes = 1024 * 1024;

	private HttpClient client;

	public HttpTask() {
		this((host) -> List.of(InetAddress.getAllByName(host)));
	}

	HttpTask(Resolver resolver) {
		this.resolver = resolver;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "One HTTP request per input to an allowed host (URL, headers and body templated from the input),"
				+ " retrying 5xx and network errors; returns status, headers and body.";
	}

	@Override
	public String paramsSchema() {
		return HttpSchema.PARAMS;
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of("method", "GET", "url", "https://api.example.com/items/{id}?view={view}"),
				List.of(Map.of("id", 1, "view", "short"), Map.of("id", 2, "view", "full")));
	}

	@Override
	public void configure(Map<String, Object> settings) {
		this.policy = HttpTargetPolicy.of(ParamValues.strings(settings.get("allowedHosts")));
		this.maxResponseBytes = ParamValues.number(settings.get("maxResponseBytes"), this.maxResponseBytes);
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		HttpUrlTemplate url = HttpParams.from(params).url();
		if (allowedEntry(url) == null) {
			throw new InvalidTaskArgumentException(NAME, "params.url", notAllowed(url));
		}
	}

	@Override
	public Object run(Object input, TaskContext context) throws Exception {
		HttpParams params = HttpParams.from(context.params());
		HttpTargetPolicy.Entry entry = allowedEntry(params.url());
		if (entry == null) {
			throw new TargetRefusedException(notAllowed(params.url()));
		}
		HttpRequest request = request(params, input);
		int max = params.retry().maxAttempts();
		for (int attempt = 1;; attempt++) {
			if (context.isCancelled()) {
				throw new CancellationException("http task cancelled before attempt " + attempt);
			}
			String call = request.method() + " " + HttpExchange.redact(request.uri());
			long start = System.nanoTime();
			try {
				checkAddresses(entry, params.url().host());
				HttpExchange exchange = HttpExchange.send(client(), request, this.maxResponseBytes);
				long millis = millisSince(start);
				int status = exchange.status();
				boolean retry = status >= 500 && attempt < max;
				log(context, call + ": " + status + " in " + millis + " ms", attempt, max, retry, params);
				if (retry) {
					backoff(context, params.retry().backoff(attempt));
					continue;
				}
				if (status >= 400) {
					throw new HttpStatusException("HTTP " + status + " from " + call
							+ ((status >= 500) ? " after " + attempt + " attempts" : " (not retried)") + ": "
							+ snippet(exchange.body()));
				}
				return result(exchange, millis, attempt);
			}
			catch (IOException ex) {
				boolean retry = attempt < max;
				log(context, call + ": " + ex.getClass().getSimpleName() + " " + ex.getMessage() + " after "
						+ millisSince(start) + " ms", attempt, max, retry, params);
				if (!retry) {
					throw new HttpStatusException(call + " failed after " + attempt + " attempts: " + ex, ex);
				}
				backoff(context, params.retry().backoff(attempt));
			}
		}
	}

	private HttpTargetPolicy.Entry allowedEntry(HttpUrlTemplate url) {
		return this.policy.match(url.host(), url.port());
	}

	private void checkAddresses(HttpTargetPolicy.Entry entry, String host) throws IOException {
		// The client resolves the name again, through the JVM's address cache (ADR 7)
		HttpTargetPolicy.checkAddresses(entry, host, this.resolver.resolve(host));
	}

	private static String notAllowed(HttpUrlTemplate url) {
		return "names host '" + url.host() + "' port " + url.port() + ", which is not in " + HttpTargetPolicy.PROPERTY
				+ " (empty denies every host)";
	}

	private static HttpRequest request(HttpParams params, Object input) {
		URI uri = params.url().expand(input);
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(params.timeout());
		if ("http".equals(params.url().scheme())) {
			builder.version(HttpClient.Version.HTTP_1_1);
		}
		params.headers().forEach((name, value) -> builder.header(name, value.expand(input)));
		HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
		if (params.body() != null) {
			body = HttpRequest.BodyPublishers.ofString(params.body().expand(input));
		}
		else if (params.bodyFromInput()) {
			body = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(input));
			if (params.headers().keySet().stream().noneMatch("content-type"::equalsIgnoreCase)) {
				builder.header("Content-Type", "application/json");
			}
		}
		return builder.method(params.method(), body).build();
	}

	private static Map<String, Object> result(HttpExchange exchange, long millis, int attempts) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("status", exchange.status());
		result.put("headers", exchange.headers());
		result.put("body", exchange.body());
		result.put("truncated", exchange.truncated());
		result.put("elapsedMs", millis);
		result.put("attempts", attempts);
		return result;
	}

	private static void log(TaskContext context, String message, int attempt, int max, boolean retry,
			HttpParams params) {
		String retrying = retry ? "; retrying in " + params.retry().backoff(attempt).toMillis() + " ms" : "";
		context.log(retry ? "WARN" : "INFO", message + " (attempt " + attempt + "/" + max + ")" + retrying);
	}

	/** Waits before the next attempt, stopping early on cancel or interrupt. */
	private static void backoff(TaskContext context, Duration wait) throws InterruptedException {
		long deadline = System.nanoTime() + wait.toNanos();
		long remaining;
		while ((remaining = deadline - System.nanoTime()) > 0) {
			if (context.isCancelled()) {
				throw new CancellationException("http task cancelled during its retry backoff");
			}
			Thread.sleep(Math.max(1, Math.min(SLICE_MILLIS, remaining / 1_000_000)));
		}
	}

	private static String snippet(Object body) {
		String text = (body instanceof String string) ? string : JSON.writeValueAsString(body);
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	private synchronized HttpClient client() {
		if (this.client == null) {
			this.client = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NEVER)
				.proxy(HttpClient.Builder.NO_PROXY)
				.build();
		}
		return this.client;
	}

	/** Name resolution, replaceable in tests. */
	@FunctionalInterface
	interface Resolver {

		List<InetAddress> resolve(String host) throws IOException;

	}

}
