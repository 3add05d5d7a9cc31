package dev.workpool.api;

import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import dev.workpool.jobs.IdempotencyKeyConflictException;
import dev.workpool.jobs.IllegalJobTransitionException;
import dev.workpool.jobs.InvalidJobException;
import dev.workpool.jobs.JobConflictException;
import dev.workpool.jobs.JobNotFoundException;
import dev.workpool.lock.LockException;
import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.UnknownTaskTypeException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 {@code application/problem+json} response. Bad input
 * is a 4xx naming the offending field in {@code errors}; anything unexpected is a 500
 * whose detail says nothing about the cause (which is logged instead).
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidJobException.class)
	ProblemDetail invalidJob(InvalidJobException ex) {
		return badRequest(ex.getMessage(), List.of(new FieldProblem(ex.field(), ex.problem())));
	}

	@ExceptionHandler(InvalidTaskArgumentException.class)
	ProblemDetail invalidTaskArgument(InvalidTaskArgumentException ex) {
		return badRequest(ex.getMessage(), List.of(new FieldProblem(ex.field(), ex.problem())));
	}

	@ExceptionHandler(TaskTypeNotFoundException.class)
	ProblemDetail taskTypeNotFound(TaskTypeNotFoundException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(UnknownTaskTypeException.class)
	ProblemDetail unknownTaskType(UnknownTaskTypeException ex) {
		ProblemDetail problem = badRequest(ex.getMessage(),
				List.of(new FieldProblem("task", "unknown task type '" + ex.taskType() + "'")));
		problem.setProperty("knownTypes", ex.knownTypes());
		return problem;
	}

	@ExceptionHandler(JobNotFoundException.class)
	ProblemDetail jobNotFound(JobNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setProperty("jobId", ex.jobId());
		return problem;
	}

	@ExceptionHandler(IllegalJobTransitionException.class)
	ProblemDetail illegalTransition(IllegalJobTransitionException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setProperty("jobId", ex.jobId());
		problem.setProperty("jobStatus", ex.from());
		return problem;
	}

	@ExceptionHandler(JobConflictException.class)
	ProblemDetail conflict(JobConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setProperty("jobId", ex.jobId());
		return problem;
	}

	@ExceptionHandler(IdempotencyKeyConflictException.class)
	ProblemDetail idempotencyKeyConflict(IdempotencyKeyConflictException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setProperty("idempotencyKey", ex.key());
		if (ex.jobId() != null) {
			problem.setProperty("jobId", ex.jobId());
		}
		return problem;
	}

	@ExceptionHandler(PayloadTooLargeException.class)
	ProblemDetail tooLarge(PayloadTooLargeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setProperty("limitBytes", ex.limitBytes());
		return problem;
	}

	@ExceptionHandler(LockException.class)
	ProblemDetail lockFailure(LockException ex) {
		log.warn("Lock failure: {}", ex.getMessage());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
		problem.setProperty("lockName", ex.lockName());
		return problem;
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex, WebRequest request) {
		if (DatabaseTrouble.isCause(ex)) {
			log.warn("Database unavailable on {}: {}", request.getDescription(false), ex.toString());
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The database is unavailable; try again later.");
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "5")
				.body(problem);
		}
		log.error("Unexpected error on {}", request.getDescription(false), ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"An unexpected error occurred; it has been logged."));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), message(error)))
			.toList();
		return problem(ex, badRequest("Invalid request: " + describe(errors), errors), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> new FieldProblem(result.getMethodParameter().getParameterName(),
						error.getDefaultMessage())))
			.toList();
		return problem(ex, badRequest("Invalid request: " + describe(errors), errors), headers, request);
	}

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = (ex.getPropertyName() != null) ? ex.getPropertyName() : "parameter";
		String message = "invalid value '" + ex.getValue() + "'"
				+ ((ex.getRequiredType() != null) ? "; expected " + JsonTypes.describe(ex.getRequiredType()) : "");
		return problem(ex, badRequest(field + ": " + message, List.of(new FieldProblem(field, message))), headers,
				request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException tooLarge = cause(ex, PayloadTooLargeException.class);
		if (tooLarge != null) {
			return problem(ex, tooLarge(tooLarge), headers, request);
		}
		return problem(ex, unreadable(ex), headers, request);
	}

	private ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		UnrecognizedPropertyException unknown = cause(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			String field = JsonTypes.path(unknown);
			return badRequest("Unknown field '" + field + "'",
					List.of(new FieldProblem(field, "unknown field; allowed: " + unknown.getKnownPropertyIds())));
		}
		MismatchedInputException mismatch = cause(ex, MismatchedInputException.class);
		if (mismatch != null && !mismatch.getPath().isEmpty()) {
			String field = JsonTypes.path(mismatch);
			String message = "must be " + JsonTypes.describe(mismatch.getTargetType());
			return badRequest(field + " " + message, List.of(new FieldProblem(field, message)));
		}
		StreamReadException malformed = cause(ex, StreamReadException.class);
		if (malformed != null) {
			return badRequest(
					(malformed.getLocation() != null) ? "malformed JSON at line " + malformed.getLocation().getLineNr()
							+ ", column " + malformed.getLocation().getColumnNr() : "malformed JSON",
					List.of());
		}
		JacksonException jackson = cause(ex, JacksonException.class);
		if (jackson != null && !jackson.getPath().isEmpty()) {
			String field = JsonTypes.path(jackson);
			return badRequest(field + " has an invalid value", List.of(new FieldProblem(field, "invalid value")));
		}
		return badRequest((jackson != null) ? "malformed JSON" : "malformed JSON or missing request body", List.of());
	}

	private ResponseEntity<Object> problem(Exception ex, ProblemDetail body, HttpHeaders headers, WebRequest request) {
		return handleExceptionInternal(ex, body, headers, HttpStatusCode.valueOf(body.getStatus()), request);
	}

	private static ProblemDetail badRequest(String detail, List<FieldProblem> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	private static String message(FieldError error) {
		return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
	}

	private static String describe(Collection<FieldProblem> errors) {
		return String.join("; ", errors.stream().map((e) -> e.field() + " " + e.message()).toList());
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

}
