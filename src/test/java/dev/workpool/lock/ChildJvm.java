package dev.workpool.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.workpool.worker.WorkerTestDatabase;

/**
 * A small test main class run as a separate JVM from this JVM's class path, like a
 * worker: it gets the database coordinates on the command line and the password on stdin,
 * builds its own HikariCP pool, and reports on stdout one line at a time.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final StringBuilder output = new StringBuilder();

	private ChildJvm(Process process) {
		this.process = process;
		Thread pump = new Thread(this::pump, "child-" + process.pid() + "-stdout");
		pump.setDaemon(true);
		pump.start();
	}

	/**
	 * Starts {@code main} with {@code url user <args...>}; the password goes to stdin.
	 */
	public static ChildJvm start(Class<?> main, String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
						"-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
						main.getName(), WorkerTestDatabase.url(), WorkerTestDatabase.user()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write((WorkerTestDatabase.password() + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return new ChildJvm(process);
	}

	public long pid() {
		return this.process.pid();
	}

	public Process process() {
		return this.process;
	}

	/** Waits for the next output line starting with {@code prefix}; returns it. */
	public String await(String prefix, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			String line = (left > 0) ? this.lines.poll(left, TimeUnit.NANOSECONDS) : null;
			if (line == null) {
				throw new AssertionError("child " + pid() + " did not print '" + prefix + "' within " + timeout
						+ "; output:\n" + output());
			}
			if (line.startsWith(prefix)) {
				return line;
			}
		}
	}

	/** SIGKILL, and wait until the process is gone. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	public int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("child " + pid() + " did not finish within " + timeout + "; output:\n" + output());
		}
		return this.process.exitValue();
	}

	public synchronized String output() {
		return this.output.toString();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this) {
					this.output.append(line).append('\n');
				}
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

}
