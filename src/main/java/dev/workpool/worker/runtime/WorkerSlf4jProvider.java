package dev.workpool.worker.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
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

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

	private static volatile PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.err), true);

	private static volatile String prefix = "[worker ? pid " + ProcessHandle.current().pid() + "] ";

	private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

	private final ILoggerFactory factory = (name) -> this.loggers.computeIfAbsent(name, StderrLogger::new);

	private final IMarkerFactory markers = new BasicMarkerFactory();

	private final MDCAdapter mdc = new NOPMDCAdapter();

	/**
	 * Where the lines go (the worker's real stderr, shared with its own log so lines
	 * never mix) and the worker's prefix.
	 */
	static void writeTo(PrintStream stream, String workerId) {
		out = stream;
		prefix = "[worker " + workerId + " pid " + ProcessHandle.current().pid() + "] ";
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
			String message = MessageFormatter.basicArrayFormat(pattern, arguments);
			PrintStream stream = out;
			synchronized (stream) {
				stream.println(LocalTime.now().format(TIME) + " " + String.format("%-5s", level) + " " + prefix
						+ this.shortName + " - " + message);
				if (failure != null) {
					failure.printStackTrace(stream);
				}
				stream.flush();
			}
		}

	}

}
