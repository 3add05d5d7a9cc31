package dev.workpool.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.jobs.InvalidJobException;
import dev.workpool.jobs.Job;
import dev.workpool.jobs.JobService;
import dev.workpool.jobs.JobStatus;
import dev.workpool.jobs.ResultOrder;
import dev.workpool.jobs.Submitted;
import dev.workpool.jobs.TaskResult;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Submit, list, inspect and cancel jobs; read their results. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Run a task type once per input in worker processes")
class JobController {

	static final String NDJSON = "application/x-ndjson";

	private final JobService jobs;

	private final JsonMapper json;

	JobController(JobService jobs, JsonMapper json) {
		this.jobs = jobs;
		this.json = json;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Submit a job",
			description = "Validates the job and stores it with one task per input; "
					+ "nothing is stored if anything is invalid. The job starts QUEUED. Failed tasks are retried "
					+ "(up to maxAttempts, for the causes in retryOn) after an exponential backoff; a job with a "
					+ "deadline is stopped and FAILED with DEADLINE_EXCEEDED once it passes. Send an "
					+ "Idempotency-Key header to make retrying the submit safe.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							examples = @ExampleObject(name = "every field",
									summary = "Echo three inputs, two at a time, every field set",
									value = ApiExamples.SUBMIT_REQUEST))))
	@ApiResponse(responseCode = "202", description = "Accepted; Location names the job",
			content = @Content(examples = @ExampleObject(value = ApiExamples.JOB)))
	@ApiResponse(responseCode = "400", description = "Invalid job; `errors` names the fields",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					examples = { @ExampleObject(name = "limit", value = ApiExamples.VALIDATION_PROBLEM),
							@ExampleObject(name = "unknown task", value = ApiExamples.UNKNOWN_TASK_PROBLEM) }))
	@ApiResponse(responseCode = "413", description = "Body larger than workpool.api.max-request-size",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "415", description = "Body is not application/json",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "200",
			description = "The same Idempotency-Key and request were submitted before: that job, nothing new stored",
			content = @Content(examples = @ExampleObject(value = ApiExamples.JOB)))
	@ApiResponse(responseCode = "409",
			description = "The Idempotency-Key was used before with a different request; `jobId` names that job",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					examples = @ExampleObject(value = ApiExamples.IDEMPOTENCY_CONFLICT_PROBLEM)))
	ResponseEntity<JobResponse> submit(@Valid @RequestBody SubmitJobRequest request,
			@Parameter(description = "Makes the submit safe to repeat: the same key with the same request returns "
					+ "the job the first one made (200) instead of a new one; with a different request it is a 409. "
					+ "1 to 200 printable ASCII characters, scoped to the owner, kept as long as the job exists.",
					example = "upload-2025-06-01-batch-7") @RequestHeader(name = "Idempotency-Key",
							required = false) String idempotencyKey) {
		Submitted submitted;
		try {
			submitted = this.jobs.submit(request.toSubmission(null), idempotencyKey);
		}
		finally {
			if (request.inputs() != null) {
				request.inputs().close();
			}
		}
		Job job = submitted.job();
		ResponseEntity.BodyBuilder response = submitted.created() ? ResponseEntity.accepted() : ResponseEntity.ok();
		return response.location(URI.create("/api/v1/jobs/" + job.id())).body(JobResponse.of(job));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List jobs, newest first")
	@ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = ApiExamples.JOB_LIST)))
	@ApiResponse(responseCode = "400", description = "Bad status, limit or cursor",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	JobListResponse list(
			@Parameter(description = "Only jobs with this status",
					example = "RUNNING") @RequestParam(required = false) String status,
			@Parameter(description = "Page size, 1 to 200") @RequestParam(defaultValue = "20") int limit,
			@Parameter(description = "`next` of the previous page") @RequestParam(required = false) String cursor) {
		return JobListResponse.of(this.jobs.list(parseStatus(status), limit, cursor));
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Get a job with its task counts")
	@ApiResponse(responseCode = "200",
			content = @Content(examples = { @ExampleObject(name = "queued", value = ApiExamples.JOB),
					@ExampleObject(name = "past its deadline", value = ApiExamples.DEADLINE_EXCEEDED_JOB) }))
	@ApiResponse(responseCode = "404", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			examples = @ExampleObject(value = ApiExamples.NOT_FOUND_PROBLEM)))
	JobResponse get(@PathVariable long id) {
		return JobResponse.of(this.jobs.get(id));
	}

	@GetMapping(path = "/{id}/results", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Page through a job's results",
			description = "order=input: every task by input position (like Pool.map); order=completion: finished "
					+ "tasks in the order they finished (like Pool.imap_unordered). "
					+ "Send Accept: application/x-ndjson to stream all results instead.")
	@ApiResponse(responseCode = "200",
			content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							examples = @ExampleObject(value = ApiExamples.RESULTS)),
					@Content(mediaType = NDJSON, examples = @ExampleObject(value = ApiExamples.NDJSON)) })
	@ApiResponse(responseCode = "400", description = "Bad order, offset or limit",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "404", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	ResultListResponse results(@PathVariable long id,
			@Parameter(description = "input or completion") @RequestParam(defaultValue = "input") String order,
			@Parameter(description = "Results to skip") @RequestParam(defaultValue = "0") long offset,
			@Parameter(description = "Page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
		return ResultListResponse.of(this.jobs.results(id, ResultOrder.parse(order, "order"), offset, limit));
	}

	@GetMapping(path = "/{id}/results", produces = NDJSON)
	/** All results as NDJSON, one per line; documented with {@link #results}. */
	@Operation(hidden = true)
	ResponseEntity<StreamingResponseBody> streamResults(@PathVariable long id,
			@RequestParam(defaultValue = "input") String order) {
		ResultOrder resultOrder = ResultOrder.parse(order, "order");
		this.jobs.get(id);
		StreamingResponseBody body = (out) -> this.jobs.streamResults(id, resultOrder, (result) -> write(out, result));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(body);
	}

	@PostMapping(path = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Cancel a job",
			description = "Queued tasks are cancelled at once; the job is CANCELLING until its running tasks "
					+ "stop, or CANCELLED at once if none runs. Cancelling a cancelled job changes nothing.")
	@ApiResponse(responseCode = "202", content = @Content(examples = @ExampleObject(value = ApiExamples.JOB)))
	@ApiResponse(responseCode = "409", description = "The job already finished",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					examples = @ExampleObject(value = ApiExamples.CONFLICT_PROBLEM)))
	ResponseEntity<JobResponse> cancel(@PathVariable long id) {
		return ResponseEntity.accepted().body(JobResponse.of(this.jobs.cancel(id)));
	}

	private void write(OutputStream out, TaskResult result) {
		try {
			out.write(this.json.writeValueAsBytes(result));
			out.write('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Optional<JobStatus> parseStatus(String status) {
		if (status == null || status.isEmpty()) {
			return Optional.empty();
		}
		for (JobStatus candidate : JobStatus.values()) {
			if (candidate.name().equalsIgnoreCase(status)) {
				return Optional.of(candidate);
			}
		}
		throw new InvalidJobException("status",
				"must be one of " + Arrays.toString(JobStatus.values()) + " but was '" + status + "'");
	}

}
