package dev.workpool.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code Idempotency-Key} and the SHA-256 of the request it came with. A key is scoped
 * to its owner (unique index {@code (owner, idempotency_key)}) and lives as long as the
 * job it made.
 *
 * <p>
 * "The same request" means the same job after every default is applied: the hash covers
 * the canonical JSON of name, task, params, inputs, parallelism, chunkSize,
 * threadsPerWorker, the effective taskTimeout, maxAttempts, priority, the effective
 * backoff and retryOn, and deadline; in place of the inputs themselves it holds their
 * {@link JsonDigest} (the SHA-256 of each input's canonical JSON, one per line), which is
 * computed while the inputs stream by, so a large request is never held in memory to be
 * hashed. Object keys are sorted, so key order and whitespace do not matter, and leaving
 * a field out is the same as sending its default; values must otherwise match exactly as
 * JSON values ({@code 1} and {@code 1.0} differ, so do {@code "1"} and {@code 1}).
 * {@code threadsPerWorker} enters the canonical JSON only when it is not its default 1,
 * so the hashes of jobs stored before it existed still match a retry of the same request.
 *
 * @param key the key as sent: 1 to {@value #MAX_KEY_LENGTH} printable ASCII characters
 * @param requestSha256 hex SHA-256 of the canonical request
 */
record Idempotency(String key, String requestSha256) {

	/** The HTTP header that carries the key; also the field named in errors. */
	static final String HEADER = "Idempotency-Key";

	static final int MAX_KEY_LENGTH = 200;

	/**
	 * The key's idempotency record, or null without a key.
	 * @throws InvalidJobException naming {@value #HEADER} for a key that is empty, too
	 * long or not printable ASCII
	 */
	static Idempotency of(String key, JobSubmission submission, Duration taskTimeout, RetryPolicy retry,
			Duration deadline, String inputsSha256, JsonText json) {
		if (key == null) {
			return null;
		}
		checkKey(key);
		return new Idempotency(key, sha256(canonical(submission, taskTimeout, retry, deadline, inputsSha256), json));
	}

	static void checkKey(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw new InvalidJobException(HEADER,
					"must be 1 to " + MAX_KEY_LENGTH + " characters long but has " + key.length());
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				throw new InvalidJobException(HEADER,
						"must be printable ASCII but has character U+%04X at position %d".formatted((int) c, i));
			}
		}
	}

	private static Map<String, Object> canonical(JobSubmission submission, Duration taskTimeout, RetryPolicy retry,
			Duration deadline, String inputsSha256) {
		Map<String, Object> backoff = new LinkedHashMap<>();
		backoff.put("initial", retry.backoff().initial().toString());
		backoff.put("max", retry.backoff().max().toString());
		backoff.put("multiplier", retry.backoff().multiplier());
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("backoff", backoff);
		request.put("chunkSize", submission.chunkSize());
		request.put("deadline", (deadline != null) ? deadline.toString() : null);
		request.put("inputs", inputsSha256);
		request.put("maxAttempts", submission.maxAttempts());
		request.put("name", submission.name());
		request.put("parallelism", submission.parallelism());
		request.put("params", (submission.params() != null) ? submission.params() : Map.of());
		request.put("priority", submission.priority());
		request.put("retryOn", retry.retryOn().stream().map(FailureCause::jsonName).toList());
		request.put("task", submission.taskType());
		request.put("taskTimeout", taskTimeout.toString());
		if (submission.threadsPerWorker() != JobSubmission.DEFAULT_THREADS_PER_WORKER) {
			request.put("threadsPerWorker", submission.threadsPerWorker());
		}
		return request;
	}

	private static String sha256(Map<String, Object> request, JsonText json) {
		JsonDigest digest = new JsonDigest(json);
		digest.add(request);
		return digest.hex();
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

	/**
	 * SHA-256 over JSON values, each written canonically (object keys sorted) and
	 * followed by a newline, straight into the digest: nothing is copied.
	 */
	static final class JsonDigest {

		private final MessageDigest digest = newSha256();

		private final JsonText json;

		private final OutputStream out;

		JsonDigest(JsonText json) {
			this.json = json;
			// Jackson closes the stream it writes to; the digest must stay open
			this.out = new FilterOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), this.digest)) {
				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					this.out.write(bytes, offset, length);
				}

				@Override
				public void close() {
				}
			};
		}

		void add(Object value) {
			this.json.writeCanonical(this.out, value);
			try {
				this.out.write('\n');
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		String hex() {
			return HexFormat.of().formatHex(this.digest.digest());
		}

	}

}
