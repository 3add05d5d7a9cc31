package dev.workpool.api;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.jobs.JobSubmission;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitJobRequestTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static ValidatorFactory validation;

	private static Validator validator;

	@BeforeAll
	static void startValidation() {
		validation = Validation.buildDefaultValidatorFactory();
		validator = validation.getValidator();
	}

	@AfterAll
	static void stopValidation() {
		validation.close();
	}

	@Test
	void threadsPerWorkerLeftOutIsOne() {
		JobSubmission submission = request("{\"task\": \"echo\", \"inputs\": [1]}").toSubmission(null);

		assertThat(submission.threadsPerWorker()).isEqualTo(1);
	}

	@Test
	void threadsPerWorkerIsPassedOnAsSent() {
		JobSubmission submission = request("{\"task\": \"echo\", \"inputs\": [1], \"threadsPerWorker\": 4}")
			.toSubmission(null);

		assertThat(submission.threadsPerWorker()).isEqualTo(4);
		assertThat(submission.parallelism()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 64 })
	void threadsPerWorkerFrom1To64IsValid(int threads) {
		assertThat(violations(threads)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -1, 65, 1000 })
	void threadsPerWorkerOutside1To64IsAViolationOfThatField(int threads) {
		assertThat(violations(threads)).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactly("threadsPerWorker");
	}

	private static Set<ConstraintViolation<SubmitJobRequest>> violations(int threads) {
		return validator
			.validate(request("{\"task\": \"echo\", \"inputs\": [1], \"threadsPerWorker\": " + threads + "}"));
	}

	private static SubmitJobRequest request(String json) {
		return JSON.readValue(json, SubmitJobRequest.class);
	}

}
