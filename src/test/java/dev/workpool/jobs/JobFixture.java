package dev.workpool.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds job submissions for tests: {@code aJob().withParallelism(4).build()} is the JSON
 * body of {@code POST /api/v1/jobs}; {@link #toSubmission()} is the same job for
 * {@link JobService}. Any field can be overridden or removed, also with wrong types.
 */
public final class JobFixture {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, Object> fields = new LinkedHashMap<>();

	private JobFixture() {
		this.fields.put("task", EchoTestTask.NAME);
		this.fields.put("inputs", List.of("alpha", "beta", "gamma"));
	}

	/** An {@code echo-test} job with three inputs and all other fields defaulted. */
	public static JobFixture aJob() {
		return new JobFixture();
	}

	public JobFixture withName(String name) {
		return with("name", name);
	}

	public JobFixture withTask(String task) {
		return with("task", task);
	}

	public JobFixture withParams(Map<String, Object> params) {
		return with("params", params);
	}

	public JobFixture withInputs(List<?> inputs) {
		return with("inputs", inputs);
	}

	/** Inputs {@code 0, 1, ... count-1}. */
	public JobFixture withInputCount(int count) {
		return with("inputs", IntStream.range(0, count).boxed().toList());
	}

	public JobFixture withParallelism(Object parallelism) {
		return with("parallelism", parallelism);
	}

	public JobFixture withChunkSize(Object chunkSize) {
		return with("chunkSize", chunkSize);
	}

	public JobFixture withThreadsPerWorker(Object threadsPerWorker) {
		return with("threadsPerWorker", threadsPerWorker);
	}

	public JobFixture withTaskTimeout(Object taskTimeout) {
		return with("taskTimeout", taskTimeout);
	}

	public JobFixture withMaxAttempts(Object maxAttempts) {
		return with("maxAttempts", maxAttempts);
	}

	/** Sets any field, with any value (also of the wrong type). */
	public JobFixture with(String field, Object value) {
		this.fields.put(field, value);
		return this;
	}

	public JobFixture without(String field) {
		this.fields.remove(field);
		return this;
	}

	/** The JSON body of {@code POST /api/v1/jobs}. */
	public String build() {
		return JSON.writeValueAsString(this.fields);
	}

	/** The same job as a {@link JobSubmission}; fields must have their proper types. */
	@SuppressWarnings("unchecked")
	public JobSubmission toSubmission() {
		Object timeout = this.fields.get("taskTimeout");
		List<Object> inputs = (List<Object>) this.fields.get("inputs");
		return new JobSubmission((String) this.fields.get("name"), (String) this.fields.get("task"),
				(Map<String, Object>) this.fields.getOrDefault("params", Map.of()),
				(inputs != null) ? JobInputs.of(inputs) : null, intField("parallelism", 1),
				(this.fields.get("chunkSize") != null) ? ((Number) this.fields.get("chunkSize")).intValue() : null,
				intField("threadsPerWorker", JobSubmission.DEFAULT_THREADS_PER_WORKER),
				(timeout != null) ? Duration.parse(timeout.toString()) : null, intField("maxAttempts", 1),
				intField("priority", 0), null, null, null, null);
	}

	private int intField(String name, int defaultValue) {
		Object value = this.fields.get(name);
		return (value != null) ? ((Number) value).intValue() : defaultValue;
	}

}
