package dev.workpool.api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large job through HTTP: the body is streamed by the client and by the service (see
 * {@link InputsDeserializer}: past 1 MiB the inputs are spooled to a file) and stored in
 * batches. A million inputs are parsed in {@code InputsDeserializerTest}; a million
 * through the service, with its heap measured, is benchmark M1 — here 200,000 keep the
 * suite fast.
 */
@IntegrationTest
class LargeSubmissionIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApiClient api;

	@Test
	void aJobOf200000InputsStreamedInIsStoredWholeWithEveryInputInItsPlace() throws Exception {
		int n = 200_000;
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/v1/jobs"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofMinutes(5))
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body(n)))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		long id = JSON.readTree(response.body()).get("id").asLong();
		this.api.cancel(id);
		assertThat(this.api.job(id).get("total").asInt()).isEqualTo(n);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM tasks WHERE job_id = ?", Long.class, id))
			.isEqualTo(n);
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM tasks WHERE job_id = ? AND CAST(input AS UNSIGNED) <> idx", Long.class, id))
			.as("tasks whose input is not their own")
			.isZero();
		List<Integer> sample = this.jdbc.queryForList(
				"SELECT input FROM tasks WHERE job_id = ? AND idx IN (0, 123456, 199999) ORDER BY idx", Integer.class,
				id);
		assertThat(sample).containsExactly(0, 123_456, 199_999);
	}

	/** {"task":"echo","inputs":[0,1,…,n-1]} made as it is sent. */
	private static InputStream body(int n) {
		int perPart = 10_000;
		Enumeration<InputStream> parts = new Enumeration<>() {
			int next = -1;

			@Override
			public boolean hasMoreElements() {
				return this.next * perPart < n;
			}

			@Override
			public InputStream nextElement() {
				int part = this.next++;
				StringBuilder text = new StringBuilder();
				if (part < 0) {
					text.append("{\"task\":\"echo\",\"parallelism\":2,\"inputs\":[");
				}
				else {
					for (int i = part * perPart; i < Math.min(n, (part + 1) * perPart); i++) {
						text.append((i > 0) ? "," : "").append(i);
					}
					if ((part + 1) * perPart >= n) {
						text.append("]}");
					}
				}
				return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
			}
		};
		return new SequenceInputStream(parts);
	}

}
