package dev.workpool.worker.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a worker's stderr on its own daemon thread, always, so a worker writing
 * megabytes never blocks on a full pipe. Logs each line at INFO under the worker's id
 * (long lines are cut) and keeps the last {@value #TAIL_CHARS} characters for error
 * messages.
 */
final class StderrPump implements Runnable {

	static final int TAIL_CHARS = 4096;

	static final int MAX_LOGGED_LINE = 8192;

	private static final Logger logger = LoggerFactory.getLogger(StderrPump.class);

	private final InputStream stderr;

	private final String prefix;

	private final StringBuilder tail = new StringBuilder(); // guarded by itself

	private final StringBuilder line = new StringBuilder();

	private int lineLength;

	StderrPump(InputStream stderr, String prefix) {
		this.stderr = stderr;
		this.prefix = prefix;
	}

	@Override
	public void run() {
		char[] buffer = new char[8192];
		try (Reader reader = new InputStreamReader(this.stderr, StandardCharsets.UTF_8)) {
			int read;
			while ((read = reader.read(buffer)) != -1) {
				accept(buffer, read);
			}
		}
		catch (IOException ex) {
			logger.debug("{}stderr closed: {}", this.prefix, ex.getMessage());
		}
		catch (Throwable ex) {
			logger.error("{}stderr pump failed", this.prefix, ex);
		}
		finally {
			endLine();
		}
	}

	private void accept(char[] buffer, int length) {
		synchronized (this.tail) {
			this.tail.append(buffer, 0, length);
			if (this.tail.length() > 2 * TAIL_CHARS) {
				this.tail.delete(0, this.tail.length() - TAIL_CHARS);
			}
		}
		for (int i = 0; i < length; i++) {
			char c = buffer[i];
			if (c == '\n') {
				endLine();
			}
			else if (c != '\r') {
				if (this.line.length() < MAX_LOGGED_LINE) {
					this.line.append(c);
				}
				this.lineLength++;
			}
		}
	}

	private void endLine() {
		if (this.lineLength == 0) {
			return;
		}
		String cut = (this.lineLength > this.line.length()) ? " ... (" + this.lineLength + " chars)" : "";
		logger.info("{}{}{}", this.prefix, this.line, cut);
		this.line.setLength(0);
		this.lineLength = 0;
	}

	/** The last {@value #TAIL_CHARS} characters written to stderr. */
	String tail() {
		synchronized (this.tail) {
			int from = Math.max(0, this.tail.length() - TAIL_CHARS);
			return this.tail.substring(from);
		}
	}

}
