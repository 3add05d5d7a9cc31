package dev.workpool.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyTest {

	private final JsonText json = new JsonText(JsonMapper.builder().build());

	@Test
	void keysArePrintableAsciiOfAtMost200Characters() {
		Idempotency.checkKey("a");
		Idempotency.checkKey(" ~!\"#$%&'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}");
		Idempotency.checkKey("k".repeat(200));
		for (String bad : List.of("", "k".repeat(201), "caf\u00e9", "tab\there", "del\u007f", "nul\u0000")) {
			assertThatThrownBy(() -> Idempotency.checkKey(bad)).as(bad)
				.isInstanceOfSatisfying(InvalidJobException.class,
						(ex) -> assertThat(ex.field()).isEqualTo("Idempotency-Key"));
		}
	}

	@Test
	void requestHashIgnoresMapKeyOrderButNotValues() {
		Map<String, Object> ab = new LinkedHashMap<>();
		ab.put("a", 1);
		ab.put("b", List.of(Map.of("x", 1)));
		Map<String, Object> ba = new LinkedHashMap<>();
		ba.put("b", List.of(Map.of("x", 1)));
		ba.put("a", 1);

		assertThat(hash(ab, List.of("in"))).isEqualTo(hash(ba, List.of("in")));
		assertThat(hash(ab, List.of("in"))).isNotEqualTo(hash(ab, List.of("other")));
		assertThat(hash(Map.of("a", 1), List.of())).isNotEqualTo(hash(Map.of("a", 1.0), List.of()));
		assertThat(hash(ab, List.of("in"))).hasSize(64).matches("[0-9a-f]+");
	}

	@Test
	void threadsPerWorkerOfOneLeavesTheHashAsItWasBeforeTheFieldExistedAndAnyOtherValueChangesIt() {
		// the SHA-256 of the canonical request without threadsPerWorker, as computed
		// before
		// V5: jobs stored then must still match a retry of the same request
		String beforeThreadsPerWorker = "5e11328e9450049e25fc11b83dc13e433a14556575a04aefb6d2863c79bcbb80";

		assertThat(hash(Map.of(), List.of("in"), 1)).isEqualTo(beforeThreadsPerWorker);
		assertThat(hash(Map.of(), List.of("in"), 2)).isNotEqualTo(beforeThreadsPerWorker)
			.isNotEqualTo(hash(Map.of(), List.of("in"), 64));
	}

	private String hash(Map<String, Object> params, List<Object> inputs) {
		return hash(params, inputs, JobSubmission.DEFAULT_THREADS_PER_WORKER);
	}

	private String hash(Map<String, Object> params, List<Object> inputs, int threadsPerWorker) {
		JobSubmission submission = new JobSubmission(null, "echo", params, JobInputs.of(inputs), 1, 1, threadsPerWorker,
				null, 1, 0, null, null, null, null);
		Idempotency.JsonDigest inputsDigest = new Idempotency.JsonDigest(this.json);
		inputs.forEach(inputsDigest::add);
		return Idempotency
			.of("k", submission, Duration.ofSeconds(30), RetryPolicy.DEFAULT, null, inputsDigest.hex(), this.json)
			.requestSha256();
	}

}
