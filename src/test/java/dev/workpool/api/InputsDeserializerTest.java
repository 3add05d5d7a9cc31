package dev.workpool.api;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.jobs.JobInputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputsDeserializerTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aMillionInputsAreReadFromTheBodyAsItStreamsAndComeBackInOrder() {
		int n = 1_000_000;
		SubmitJobRequest request = JSON.readValue(body(n), SubmitJobRequest.class);

		try (JobInputs inputs = request.inputs()) {
			assertThat(inputs.size()).isEqualTo(n);
			AtomicInteger next = new AtomicInteger();
			inputs.forEach((index, json) -> {
				int i = next.getAndIncrement();
				if (index != i || !json.equals("{\"id\":" + i + ",\"name\":\"item-" + i + "\"}")) {
					throw new AssertionError("input " + index + " came back as " + json);
				}
			});
			assertThat(next.get()).isEqualTo(n);
		}
		assertThat(request.task()).isEqualTo("echo");
	}

	@Test
	void inputsKeepTheirValuesAndTypes() {
		SubmitJobRequest request = JSON.readValue("""
				{"inputs": ["a\\nb", 1, 2.5, true, null, {"k": [1, {"z": "é"}]}], "task": "echo"}""",
				SubmitJobRequest.class);

		List<Object> values = new java.util.ArrayList<>();
		request.inputs().forEach((index, json) -> values.add(JSON.readValue(json, Object.class)));
		assertThat(values).containsExactly("a\nb", 1, 2.5, true, null, Map.of("k", List.of(1, Map.of("z", "é"))));
	}

	@Test
	void inputsThatAreNotAnArrayAreATypeMismatchOnInputs() {
		assertThatThrownBy(() -> JSON.readValue("{\"task\": \"echo\", \"inputs\": \"x\"}", SubmitJobRequest.class))
			.isInstanceOfSatisfying(MismatchedInputException.class,
					(ex) -> assertThat(ex.getPath().get(0).getPropertyName()).isEqualTo("inputs"));
	}

	/** {"task":"echo","inputs":[{"id":0,"name":"item-0"},…]} made as it is read. */
	private static InputStream body(int n) {
		Enumeration<InputStream> parts = new Enumeration<>() {
			int next = -1;

			@Override
			public boolean hasMoreElements() {
				return this.next <= n;
			}

			@Override
			public InputStream nextElement() {
				int i = this.next++;
				String text = (i < 0) ? "{\"task\":\"echo\",\"inputs\":["
						: (i == n) ? "]}" : ((i > 0) ? "," : "") + "{\"id\":" + i + ",\"name\":\"item-" + i + "\"}";
				return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
			}
		};
		return new SequenceInputStream(parts);
	}

}
