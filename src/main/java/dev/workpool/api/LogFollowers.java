package dev.workpool.api;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.workpool.jobs.JobNotFoundException;
import dev.workpool.jobs.JobService;
import dev.workpool.joblog.JobLogReader;
import dev.workpool.joblog.LogChunk;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Follows job logs for SSE clients: two threads poll every follower's log file every
 * {@value #POLL_MILLIS} ms and send new lines, one event per line with the byte offset
 * after it as the event id (a client resumes with {@code Last-Event-ID}). A follower ends
 * when its job is terminal and the log has nothing more, after {@link #MAX_DURATION}, or
 * when the client goes away. At most {@value #MAX_FOLLOWERS} at once; more get 503.
 */
final class LogFollowers implements AutoCloseable {

	static final int MAX_FOLLOWERS = 256;

	static final long POLL_MILLIS = 250;

	static final Duration MAX_DURATION = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(LogFollowers.class);

	private static final int CHUNK_BYTES = 256 * 1024;

	private static final long STATUS_CHECK_MILLIS = 1_000;

	private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "workpool-log-follower");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger active = new AtomicInteger();

	private final JobService jobs;

	private final JobLogReader reader;

	LogFollowers(JobService jobs, JobLogReader reader) {
		this.jobs = jobs;
		this.reader = reader;
	}

	SseEmitter follow(long jobId, long fromOffset) {
		if (this.active.incrementAndGet() > MAX_FOLLOWERS) {
			this.active.decrementAndGet();
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
					"Too many clients follow logs on this node (" + MAX_FOLLOWERS + "); try again later");
		}
		SseEmitter emitter = new SseEmitter(MAX_DURATION.toMillis());
		Follower follower = new Follower(jobId, fromOffset, emitter);
		follower.future = this.executor.scheduleWithFixedDelay(follower::tick, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
		if (follower.stopped) {
			follower.future.cancel(false);
		}
		emitter.onCompletion(follower::stop);
		emitter.onTimeout(follower::stop);
		emitter.onError((ex) -> follower.stop());
		return emitter;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private final class Follower {

		private final long jobId;

		private final SseEmitter emitter;

		private long offset;

		private long lastStatusCheck;

		private boolean terminal;

		private volatile boolean stopped;

		private volatile ScheduledFuture<?> future;

		Follower(long jobId, long offset, SseEmitter emitter) {
			this.jobId = jobId;
			this.offset = offset;
			this.emitter = emitter;
		}

		synchronized void tick() {
			if (this.stopped) {
				return;
			}
			try {
				LogChunk chunk = LogFollowers.this.reader.read(this.jobId, this.offset, CHUNK_BYTES);
				for (LogChunk.Line line : chunk.lines()) {
					this.emitter.send(SseEmitter.event().id(Long.toString(line.endOffset())).data(line.text()));
				}
				this.offset = chunk.nextOffset();
				if (chunk.isEmpty()) {
					checkEnd();
				}
			}
			catch (IOException | IllegalStateException ex) {
				stop();
			}
			catch (RuntimeException ex) {
				log.warn("Following the log of job {} failed", this.jobId, ex);
				this.emitter.completeWithError(ex);
				stop();
			}
		}

		private void checkEnd() {
			if (this.terminal) {
				// one more empty poll after the job ended: its last entries are in
				this.emitter.complete();
				stop();
				return;
			}
			long now = System.currentTimeMillis();
			if (now - this.lastStatusCheck >= STATUS_CHECK_MILLIS) {
				this.lastStatusCheck = now;
				try {
					this.terminal = LogFollowers.this.jobs.get(this.jobId).status().isTerminal();
				}
				catch (JobNotFoundException ex) {
					this.terminal = true;
				}
			}
		}

		synchronized void stop() {
			if (!this.stopped) {
				this.stopped = true;
				LogFollowers.this.active.decrementAndGet();
			}
			ScheduledFuture<?> scheduled = this.future;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
