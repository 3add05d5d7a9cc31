package dev.workpool.tasks.builtin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

/**
 * The params of an {@code http} job, checked: the same parsing at submission and in the
 * worker. Absent values get the schema's defaults.
 *
 * @param method the HTTP method
 * @param url the URL template
 * @param headers header name to value template
 * @param body the body template, or null
 * @param bodyFromInput send the input as JSON instead of {@code body}
 * @param timeout per request, until the response headers arrive
 * @param retry retries of 5xx answers and network errors
 */
record HttpParams(String method, HttpUrlTemplate url, Map<String, InputTemplate> headers, InputTemplate body,
		boolean bodyFromInput, Duration timeout, Retry retry) {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

	static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

	/** Headers the HTTP client sets itself. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

	/**
	 * @throws InvalidTaskArgumentException naming the field
	 */
	static HttpParams from(Map<String, Object> params) {
		String method = String.valueOf(params.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT);
		Object url = params.get("url");
		if (url == null) {
			throw invalid("params.url", "is required");
		}
		HttpUrlTemplate template;
		try {
			template = HttpUrlTemplate.parse(url.toString());
		}
		catch (IllegalArgumentException ex) {
			throw invalid("params.url", ex.getMessage());
		}
		Map<String, InputTemplate> headers = new LinkedHashMap<>();
		ParamValues.stringMap(params.get("headers")).forEach((name, value) -> {
			if (!TOKEN.matcher(name).matches() || RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
				throw invalid("params.headers." + name, "is not a header a job may set (invalid, or one of "
						+ RESTRICTED + ", which the HTTP client sets itself)");
			}
			headers.put(name, InputTemplate.of(value));
		});
		InputTemplate body = (params.get("body") != null) ? InputTemplate.of(params.get("body").toString()) : null;
		boolean bodyFromInput = ParamValues.bool(params.get("bodyFromInput"), false);
		if (body != null && bodyFromInput) {
			throw invalid("params.bodyFromInput", "cannot be combined with params.body");
		}
		Duration timeout = ParamValues.duration(HttpTask.NAME, "params.timeout", params.get("timeout"), DEFAULT_TIMEOUT,
				MAX_TIMEOUT);
		return new HttpParams(method, template, headers, body, bodyFromInput, timeout, Retry.from(params.get("retry")));
	}

	private static InvalidTaskArgumentException invalid(String field, String problem) {
		return new InvalidTaskArgumentException(HttpTask.NAME, field, problem);
	}

	/**
	 * In-task retries of 5xx answers, connection failures and timeouts.
	 *
	 * @param maxAttempts requests in all, at least 1
	 * @param initialBackoff the wait before the second request
	 * @param multiplier growth of the wait per attempt
	 * @param maxBackoff the longest wait
	 */
	record Retry(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

		static Retry from(Object value) {
			Map<?, ?> retry = (value instanceof Map<?, ?> map) ? map : Map.of();
			int maxAttempts = (int) ParamValues.number(retry.get("maxAttempts"), 3);
			Duration initial = ParamValues.duration(HttpTask.NAME, "params.retry.initialBackoff",
					retry.get("initialBackoff"), Duration.ofMillis(200), MAX_BACKOFF);
			double multiplier = (retry.get("multiplier") instanceof Number number) ? number.doubleValue() : 2.0;
			Duration max = ParamValues.duration(HttpTask.NAME, "params.retry.maxBackoff", retry.get("maxBackoff"),
					Duration.ofSeconds(5), MAX_BACKOFF);
			if (maxAttempts < 1 || maxAttempts > 10) {
				throw invalid("params.retry.maxAttempts", "must be from 1 to 10 but was " + maxAttempts);
			}
			if (!(multiplier >= 1 && multiplier <= 10)) {
				throw invalid("params.retry.multiplier", "must be from 1 to 10 but was " + multiplier);
			}
			return new Retry(maxAttempts, initial, multiplier, max);
		}

		/** The wait after failed attempt {@code attempt} (1 for the first). */
		Duration backoff(int attempt) {
			double millis = this.initialBackoff.toMillis() * Math.pow(this.multiplier, attempt - 1);
			return Duration.ofMillis((long) Math.min(millis, this.maxBackoff.toMillis()));
		}

	}

}
