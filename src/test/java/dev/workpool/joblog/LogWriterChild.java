package dev.workpool.joblog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;

import dev.workpool.lock.ChildPool;
import dev.workpool.lock.LockHandle;
import dev.workpool.lock.LockOwner;
import dev.workpool.lock.LockService;

/**
 * Test child, a worker-like JVM with its own pool:
 * {@code url user <mode> <logDir> <jobId>
 * ...}. Modes:
 * <ul>
 * <li>{@code write <writer> <lines> <threads>}: appends {@link #message} lines, 10% as
 * single appends and the rest in batches of up to 100, then prints {@code DONE};</li>
 * <li>{@code bench <lines> <batch>}: prints {@code READY}, waits for the file
 * {@code <logDir>/go}, appends {@code lines} in batches of {@code batch}, prints
 * {@code DONE};</li>
 * <li>{@code append-one}: appends one entry, prints {@code APPENDED <seq>}, sleeps;</li>
 * <li>{@code hold}: takes the job's log lock, prints {@code HOLDING}, sleeps.</li>
 * </ul>
 */
public final class LogWriterChild {

	private LogWriterChild() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[2];
		Path logDir = Path.of(args[3]);
		long jobId = Long.parseLong(args[4]);
		int threads = mode.equals("write") ? Integer.parseInt(args[7]) : 1;
		HikariDataSource pool = ChildPool.fromArgs(args, Math.min(2, threads));
		LockService locks = new LockService(pool, LockOwner.currentProcess("child-node"));
		JobLogWriter writer = new JobLogWriter(locks, logDir, Clock.systemUTC(), Duration.ofSeconds(60));
		switch (mode) {
			case "write" -> write(writer, jobId, args[5], Integer.parseInt(args[6]), threads);
			case "bench" -> bench(writer, logDir, jobId, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
			case "append-one" -> {
				Appended appended = writer.append(jobId, LogEntry.info("last words before kill -9"));
				say("APPENDED " + appended.lastSeq());
				Thread.sleep(Long.MAX_VALUE);
			}
			case "hold" -> {
				LockHandle handle = locks.acquire(JobLogWriter.lockName(jobId), Duration.ofSeconds(30));
				say("HOLDING " + handle.connectionId());
				Thread.sleep(Long.MAX_VALUE);
			}
			default -> throw new IllegalArgumentException(mode);
		}
		pool.close();
	}

	/**
	 * The message of line {@code index} of {@code writer}: {@code <writer> <index>
	 * <length> <filler>}; mostly short, every 97th line 1 to 64 KiB, some with line
	 * breaks and backslashes.
	 */
	public static String message(String writer, int index) {
		Random random = new Random(writer.hashCode() * 1_000_003L + index);
		int length = (index % 97 == 0) ? 1024 + random.nextInt(63 * 1024) : 10 + random.nextInt(150);
		StringBuilder filler = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int r = random.nextInt(100);
			filler.append((r == 0) ? '\n' : (r == 1) ? '\\' : (r == 2) ? '\r' : (r == 3) ? 'é' : (char) ('a' + r % 26));
		}
		return writer + " " + index + " " + length + " " + filler;
	}

	private static void write(JobLogWriter writer, long jobId, String name, int lines, int threads) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			String writerName = (threads == 1) ? name : name + "." + t;
			int count = lines / threads;
			runs.add(executor.submit(() -> {
				writeLines(writer, jobId, writerName, count);
				return null;
			}));
		}
		for (Future<?> run : runs) {
			run.get();
		}
		executor.shutdown();
		say("DONE");
	}

	private static void writeLines(JobLogWriter writer, long jobId, String name, int lines) {
		long pid = ProcessHandle.current().pid();
		int i = 0;
		while (i < lines) {
			if (i % 1000 < 100) {
				writer.append(jobId, new LogEntry(i, 1, pid, "INFO", message(name, i)));
				i++;
				continue;
			}
			List<LogEntry> batch = new ArrayList<>();
			for (int end = Math.min(lines, i + 100); i < end; i++) {
				batch.add(new LogEntry(i, 1, pid, "STDOUT", message(name, i)));
			}
			writer.appendAll(jobId, batch);
		}
	}

	private static void bench(JobLogWriter writer, Path logDir, long jobId, int lines, int batch) throws Exception {
		long pid = ProcessHandle.current().pid();
		writer.append(jobId, LogEntry.info("warm-up of " + pid));
		say("READY");
		while (!Files.exists(logDir.resolve("go"))) {
			Thread.sleep(1);
		}
		String text = "a typical log line of about eighty characters written by a task to its job log";
		for (int i = 0; i < lines; i += batch) {
			List<LogEntry> entries = new ArrayList<>(batch);
			for (int j = i; j < Math.min(lines, i + batch); j++) {
				entries.add(new LogEntry(j, 1, pid, "INFO", text));
			}
			writer.appendAll(jobId, entries);
		}
		say("DONE");
	}

	private static void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
