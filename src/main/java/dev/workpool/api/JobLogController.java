package dev.workpool.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;

import dev.workpool.jobs.InvalidJobException;
import dev.workpool.jobs.JobService;
import dev.workpool.joblog.JobLogReader;
import dev.workpool.joblog.LogChunk;

import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A job's shared log: whole, its tail, incrementally, or followed live (SSE). */
@RestController
@RequestMapping("/api/v1/jobs/{id}/log")
@Tag(name = "Jobs")
class JobLogController {

	static final String NEXT_OFFSET = "X-Next-Offset";

	static final int MAX_TAIL = 10_000;

	static final int CHUNK_BYTES = 1024 * 1024;

	static final MediaType TEXT_UTF8 = MediaType.parseMediaType("text/plain;charset=UTF-8");

	private static final String EXAMPLE = "1 2026-11-25T10:15:30.123456Z job=7 task=- attempt=- pid=4242 EVENT job "
			+ "started #5d41402a\n2 2026-11-25T10:15:30.200117Z job=7 task=0 attempt=1 pid=4300 INFO hello\\nworld "
			+ "#0cc175b9\n";

	private final JobService jobs;

	private final JobLogReader reader;

	private final LogFollowers followers;

	JobLogController(JobService jobs, JobLogReader reader) {
		this.jobs = jobs;
		this.reader = reader;
		this.followers = new LogFollowers(jobs, reader);
	}

	// */* as well: a client that names no type (curl, scripts) gets text, not an endless
	// event stream;
	// only an explicit Accept: text/event-stream selects follow() (Spring prefers the
	// exact match)
	@GetMapping(produces = { MediaType.TEXT_PLAIN_VALUE, MediaType.ALL_VALUE })
	@Operation(summary = "Read a job's log",
			description = "One line per entry: `<seq> <UTC timestamp> job=<id> task=<index|-> attempt=<n|-> "
					+ "pid=<pid> <LEVEL> <message> #<crc32>`, line breaks in messages escaped as \\n. Without "
					+ "parameters: the whole log. `tail=N`: the last N lines. `since=<byte offset>`: up to 1 MiB of "
					+ "lines from that offset (0, or an earlier X-Next-Offset). Every answer carries X-Next-Offset, "
					+ "where the next incremental read continues. An empty body when there is no log yet. Send "
					+ "Accept: text/event-stream to follow the log live instead.")
	@ApiResponse(responseCode = "200",
			headers = @Header(name = NEXT_OFFSET, description = "Byte offset for the next `since=` read"),
			content = @Content(mediaType = MediaType.TEXT_PLAIN_VALUE, examples = @ExampleObject(value = EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "Bad tail or since",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	@ApiResponse(responseCode = "404", description = "No such job",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	ResponseEntity<?> read(@PathVariable long id,
			@Parameter(description = "Only the last N lines, 1 to 10000") @RequestParam(required = false) Integer tail,
			@Parameter(description = "Byte offset to continue from") @RequestParam(required = false) Long since) {
		this.jobs.get(id);
		if (tail != null && since != null) {
			throw new InvalidJobException("tail", "cannot be combined with since");
		}
		if (tail != null) {
			if (tail < 1 || tail > MAX_TAIL) {
				throw new InvalidJobException("tail", "must be between 1 and " + MAX_TAIL + " but was " + tail);
			}
			return text(this.reader.tail(id, tail));
		}
		if (since != null) {
			if (since < 0) {
				throw new InvalidJobException("since", "must be 0 or more but was " + since);
			}
			return text(this.reader.read(id, since, CHUNK_BYTES));
		}
		long end = this.reader.end(id);
		Resource body = new InputStreamResource(this.reader.stream(id, 0, end));
		return ResponseEntity.ok()
			.contentType(TEXT_UTF8)
			.header(NEXT_OFFSET, Long.toString(end))
			.contentLength(end)
			.body(body);
	}

	@GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Follow a job's log live (Server-Sent Events)",
			description = "One event per log line, its id the byte offset after the line; reconnect with "
					+ "Last-Event-ID (or since=) to resume. Ends when the job is finished and its log is read. "
					+ "Try: curl -N -H 'Accept: text/event-stream' .../api/v1/jobs/7/log")
	@ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
	@ApiResponse(responseCode = "404", description = "No such job",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
	SseEmitter follow(@PathVariable long id,
			@Parameter(description = "Byte offset to start from") @RequestParam(required = false) Long since,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		this.jobs.get(id);
		long from = (since != null) ? since : 0;
		if (lastEventId != null && !lastEventId.isBlank()) {
			try {
				from = Long.parseLong(lastEventId.trim());
			}
			catch (NumberFormatException ex) {
				throw new InvalidJobException("Last-Event-ID", "must be a byte offset but was '" + lastEventId + "'");
			}
		}
		if (from < 0) {
			throw new InvalidJobException("since", "must be 0 or more but was " + from);
		}
		return this.followers.follow(id, from);
	}

	@PreDestroy
	void stopFollowing() {
		this.followers.close();
	}

	private static ResponseEntity<String> text(LogChunk chunk) {
		return ResponseEntity.ok()
			.contentType(TEXT_UTF8)
			.header(NEXT_OFFSET, Long.toString(chunk.nextOffset()))
			.body(chunk.text());
	}

}
