package dev.workpool.worker.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of a worker process (chosen with {@code -Dslf4j.provider}): what its
 * libraries log (HikariCP, the JDBC driver) at INFO and above, one line each on the real
 * stderr, never on {@code System.err} — while a task runs that is the task's captured
 * output, and a pool line there would land in the job log as the task's STDERR. Instead
 * of Logback: a worker loads none of Logback's and its XML configuration's ~650 classes
 * (less metaspace and CDS archive per worker).
 */
public final class WorkerSlf4jProvider implements SLF4JServiceProvider {

	private static volatile WorkerLog log = new WorkerLog(
			new PrintStream(new FileOutputStream(FileDescriptor.err), true), "?", ProcessHandle.current().pid());

	private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

	private final ILoggerFactory factory = (name) -> this.loggers.computeIfAbsent(name, StderrLogger::new);

	private final IMarkerFactory markers = new BasicMarkerFactory();

	private final MDCAdapter mdc = new NOPMDCAdapter();

	/**
	 * The worker's own log the lines go to (its real stderr, in its format, so library
	 * lines and the worker's never mix).
	 */
	static void writeTo(WorkerLog workerLog) {
		log = workerLog;
	}

	@Override
	public ILoggerFactory getLoggerFactory() {
		return this.factory;
	}

	@Override
	public IMarkerFactory getMarkerFactory() {
		return this.markers;
	}

	@Override
	public MDCAdapter getMDCAdapter() {
		return this.mdc;
	}

	@Override
	public String getRequestedApiVersion() {
		return "2.0.99";
	}

	@Override
	public void initialize() {
	}

	/** INFO and above, formatted like the worker's own lines. */
	private static final class StderrLogger extends LegacyAbstractLogger {

		private static final long serialVersionUID = 1L;

		private final String shortName;

		StderrLogger(String name) {
			this.name = name;
			this.shortName = name.substring(name.lastIndexOf('.') + 1);
		}

		@Override
		public boolean isTraceEnabled() {
			return false;
		}

		@Override
		public boolean isDebugEnabled() {
			return false;
		}

		@Override
		public boolean isInfoEnabled() {
			return true;
		}

		@Override
		public boolean isWarnEnabled() {
			return true;
		}

		@Override
		public boolean isErrorEnabled() {
			return true;
		}

		@Override
		protected String getFullyQualifiedCallerName() {
			return null;
		}

		@Override
		protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
				Throwable failure) {
			log.line(String.format("%-5s", level),
					this.shortName + " - " + MessageFormatter.basicArrayFormat(pattern, arguments), failure);
		}

	}

}
