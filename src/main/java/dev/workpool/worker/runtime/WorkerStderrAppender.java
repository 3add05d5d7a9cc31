package dev.workpool.worker.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Logback appender for the worker's own log (HikariCP, the driver): writes to the
 * process's real stderr, never to {@code System.err}. While a task runs,
 * {@code System.err} is the task's captured output, and library lines written there (a
 * pool that starts inside the task, say) would land in the job log as the task's STDERR.
 */
public final class WorkerStderrAppender extends OutputStreamAppender<ILoggingEvent> {

	@Override
	public void start() {
		setOutputStream(new FileOutputStream(FileDescriptor.err));
		setImmediateFlush(true);
		super.start();
	}

}
