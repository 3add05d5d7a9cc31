package dev.workpool.tasks.builtin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Drains one output stream of a program on a thread of its own, so a chatty program never
 * blocks on a full pipe: keeps the first {@code maxBytes} (flagging the rest as
 * truncated), hands each line to a sink up to the same limit, and remembers the last few
 * lines.
 */
final class OutputPump implements Runnable {

	private static final int MAX_LINE_BYTES = 64 * 1024;

	private static final int TAIL_LINES = 10;

	private final InputStream in;

	private final long maxBytes;

	private final Consumer<String> lines;

	private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private final Deque<String> tail = new ArrayDeque<>();

	private final Thread thread;

	private long total;

	private long sent;

	private OutputPump(InputStream in, long maxBytes, Consumer<String> lines, String name) {
		this.in = in;
		this.maxBytes = maxBytes;
		this.lines = lines;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	static OutputPump start(InputStream in, long maxBytes, Consumer<String> lines, String name) {
		OutputPump pump = new OutputPump(in, maxBytes, lines, name);
		pump.thread.start();
		return pump;
	}

	@Override
	public void run() {
		byte[] buffer = new byte[8192];
		try (InputStream stream = this.in) {
			int n;
			while ((n = stream.read(buffer)) >= 0) {
				accept(buffer, n);
			}
		}
		catch (IOException ex) {
			// the stream was closed under us: what was read is kept
		}
		synchronized (this) {
			if (this.line.size() > 0) {
				endLine();
			}
		}
	}

	/** Waits up to {@code timeout} for the stream's end; true if it ended. */
	boolean join(Duration timeout) {
		boolean interrupted = Thread.interrupted();
		try {
			this.thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		return !this.thread.isAlive();
	}

	synchronized String text() {
		return this.captured.toString(StandardCharsets.UTF_8);
	}

	synchronized boolean truncated() {
		return this.total > this.maxBytes;
	}

	/** The last lines, joined with line feeds. */
	synchronized String tail() {
		return String.join("\n", this.tail);
	}

	private synchronized void accept(byte[] buffer, int length) {
		int keep = (int) Math.max(0, Math.min(length, this.maxBytes - this.total));
		this.captured.write(buffer, 0, keep);
		this.total += length;
		for (int i = 0; i < length; i++) {
			if (buffer[i] == '\n') {
				endLine();
			}
			else {
				this.line.write(buffer[i]);
				if (this.line.size() >= MAX_LINE_BYTES) {
					endLine();
				}
			}
		}
	}

	private void endLine() {
		String text = this.line.toString(StandardCharsets.UTF_8);
		text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
		this.line.reset();
		this.tail.addLast((text.length() > 500) ? text.substring(0, 500) + "..." : text);
		if (this.tail.size() > TAIL_LINES) {
			this.tail.removeFirst();
		}
		if (this.sent <= this.maxBytes) {
			this.sent += text.length() + 1;
			this.lines.accept((this.sent <= this.maxBytes) ? text
					: "[output over " + this.maxBytes + " bytes is no longer logged; it is still drained]");
		}
	}

}
