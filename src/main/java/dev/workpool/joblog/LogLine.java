package dev.workpool.joblog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.zip.CRC32;

/**
 * One line of a job log, and its exact format:
 *
 * <pre>
 * &lt;seq&gt; &lt;timestamp&gt; job=&lt;id&gt; task=&lt;index|-&gt; attempt=&lt;n|-&gt; pid=&lt;pid&gt; &lt;LEVEL&gt; &lt;message&gt; #&lt;crc32&gt;\n
 * 42 2026-11-25T10:15:30.123456Z job=7 task=3 attempt=1 pid=4242 INFO hello\nworld #1c291ca3
 * </pre>
 *
 * <ul>
 * <li>{@code seq}: 1, 2, 3... per job log, in file order, no gaps;</li>
 * <li>{@code timestamp}: UTC, ISO-8601 with exactly six fraction digits;</li>
 * <li>{@code -} for an absent task index or attempt;</li>
 * <li>{@code message}: UTF-8; backslash is written {@code \\}, line feed {@code \n},
 * carriage return {@code \r} (so an entry is always one line); may be empty;</li>
 * <li>{@code crc32}: eight lower-case hex digits, the CRC-32 of the UTF-8 bytes of
 * everything before {@code " #"}. It is always the last 10 characters before the line
 * feed, so a message may itself contain {@code " #"}.</li>
 * </ul>
 *
 * @param seq sequence number
 * @param timestamp when the writer wrote it
 * @param jobId the job
 * @param taskIndex task index or null
 * @param attempt attempt or null
 * @param pid writer's process id
 * @param level level word
 * @param message the message, unescaped
 * @param checksumOk whether the checksum matches the line
 */
public record LogLine(long seq, Instant timestamp, long jobId, Integer taskIndex, Integer attempt, long pid,
		String level, String message, boolean checksumOk) {

	static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final int SUFFIX = 10;

	/**
	 * Parses one line (with or without its trailing line feed).
	 * @throws MalformedLogLineException when the line does not have the format
	 */
	public static LogLine parse(String line) {
		String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
		if (text.length() < SUFFIX || !text.startsWith(" #", text.length() - SUFFIX)) {
			throw new MalformedLogLineException(line, "no checksum at the end");
		}
		String body = text.substring(0, text.length() - SUFFIX);
		String[] parts = body.split(" ", 8);
		if (parts.length != 8 || !parts[2].startsWith("job=") || !parts[3].startsWith("task=")
				|| !parts[4].startsWith("attempt=") || !parts[5].startsWith("pid=")) {
			throw new MalformedLogLineException(line, "expected 8 space-separated fields");
		}
		try {
			long crc = Long.parseLong(text.substring(text.length() - 8), 16);
			return new LogLine(Long.parseLong(parts[0]), Instant.from(TIMESTAMP.parse(parts[1])),
					Long.parseLong(parts[2].substring(4)), optionalInt(parts[3].substring(5)),
					optionalInt(parts[4].substring(8)), Long.parseLong(parts[5].substring(4)), parts[6],
					unescape(parts[7]), crc == crc32(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (RuntimeException ex) {
			throw new MalformedLogLineException(line, ex.toString());
		}
	}

	/**
	 * The escaped form of a message: {@code \ → \\}, LF → {@code \n}, CR → {@code \r}.
	 */
	public static String escape(String message) {
		if (message.indexOf('\\') < 0 && message.indexOf('\n') < 0 && message.indexOf('\r') < 0) {
			return message;
		}
		StringBuilder out = new StringBuilder(message.length() + 16);
		for (int i = 0; i < message.length(); i++) {
			char c = message.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/** Reverses {@link #escape}; an unknown escape keeps its character. */
	public static String unescape(String escaped) {
		if (escaped.indexOf('\\') < 0) {
			return escaped;
		}
		StringBuilder out = new StringBuilder(escaped.length());
		for (int i = 0; i < escaped.length(); i++) {
			char c = escaped.charAt(i);
			if (c != '\\' || i + 1 == escaped.length()) {
				out.append(c);
				continue;
			}
			char next = escaped.charAt(++i);
			out.append((next == 'n') ? '\n' : (next == 'r') ? '\r' : next);
		}
		return out.toString();
	}

	/**
	 * The line (with its line feed) for an entry: the format above, with the timestamp
	 * already formatted ({@link #TIMESTAMP}: a batch written at one instant formats it
	 * once).
	 */
	static byte[] format(long seq, String timestamp, long jobId, LogEntry entry, byte[] escapedMessage) {
		String head = seq + " " + timestamp + " job=" + jobId + " task="
				+ ((entry.taskIndex() != null) ? entry.taskIndex() : "-") + " attempt="
				+ ((entry.attempt() != null) ? entry.attempt() : "-") + " pid=" + entry.pid() + " " + entry.level()
				+ " ";
		byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
		CRC32 crc = new CRC32();
		crc.update(headBytes);
		crc.update(escapedMessage);
		// " #%08x\n" without a Formatter (every line of every job log goes through here)
		String hex = Long.toHexString(crc.getValue());
		byte[] tail = (" #" + "0".repeat(8 - hex.length()) + hex + "\n").getBytes(StandardCharsets.US_ASCII);
		byte[] line = new byte[headBytes.length + escapedMessage.length + tail.length];
		System.arraycopy(headBytes, 0, line, 0, headBytes.length);
		System.arraycopy(escapedMessage, 0, line, headBytes.length, escapedMessage.length);
		System.arraycopy(tail, 0, line, headBytes.length + escapedMessage.length, tail.length);
		return line;
	}

	static long crc32(byte[] bytes) {
		CRC32 crc = new CRC32();
		crc.update(bytes);
		return crc.getValue();
	}

	private static Integer optionalInt(String value) {
		return "-".equals(value) ? null : Integer.valueOf(value);
	}

}
