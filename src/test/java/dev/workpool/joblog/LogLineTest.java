package dev.workpool.joblog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogLineTest {

	private static final Instant AT = Instant.parse("2026-11-25T10:15:30.123456Z");

	@Test
	void formatsOneLineWithAllFieldsAndAChecksum() {
		String line = format(42, new LogEntry(3, 1, 4242, "info", "hello"));
		assertThat(line).startsWith("42 2026-11-25T10:15:30.123456Z job=7 task=3 attempt=1 pid=4242 INFO hello #")
			.endsWith("\n")
			.hasSize("42 2026-11-25T10:15:30.123456Z job=7 task=3 attempt=1 pid=4242 INFO hello #".length() + 9);
		LogLine parsed = LogLine.parse(line);
		assertThat(parsed).isEqualTo(new LogLine(42, AT, 7, 3, 1, 4242, "INFO", "hello", true));
	}

	@Test
	void multiLineMessagesStayOneLineAndComeBackUnchanged() {
		String message = "first\nsecond\r\nthird \\n not a newline\\\n #deadbeef trailing \\";
		String line = format(1, new LogEntry(null, null, 1, "STDOUT", message));
		assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
		assertThat(line).doesNotContain("\r");
		LogLine parsed = LogLine.parse(line);
		assertThat(parsed.message()).isEqualTo(message);
		assertThat(parsed.taskIndex()).isNull();
		assertThat(parsed.attempt()).isNull();
		assertThat(parsed.checksumOk()).isTrue();
	}

	@Test
	void checksumsWithLeadingZerosKeepTheirEightHexDigits() {
		int padded = 0;
		for (int i = 0; i < 200; i++) {
			String line = format(i, new LogEntry(i, 1, 1, "INFO", "line " + i));
			String checksum = line.substring(line.lastIndexOf('#') + 1, line.length() - 1);
			assertThat(checksum).hasSize(8).matches("[0-9a-f]{8}");
			assertThat(LogLine.parse(line).checksumOk()).isTrue();
			padded += checksum.startsWith("0") ? 1 : 0;
		}
		assertThat(padded).as("some of 200 checksums start with a zero").isPositive();
	}

	@Test
	void escapingIsReversible() {
		for (String message : new String[] { "", "\\", "\n", "\\n", "a\\\\b", "é ü 漢字 \uD83D\uDE00", "x\r" }) {
			assertThat(LogLine.unescape(LogLine.escape(message))).isEqualTo(message);
			assertThat(LogLine.escape(message)).doesNotContain("\n").doesNotContain("\r");
		}
	}

	@Test
	void emptyMessagesParse() {
		assertThat(LogLine.parse(format(5, new LogEntry(null, null, 1, "WARN", ""))).message()).isEmpty();
	}

	@Test
	void aChangedByteFailsTheChecksum() {
		String line = format(9, new LogEntry(0, 2, 99, "ERROR", "boom"));
		assertThat(LogLine.parse(line.replace("boom", "bOom")).checksumOk()).isFalse();
		assertThat(LogLine.parse(line.replace("pid=99", "pid=98")).checksumOk()).isFalse();
	}

	@Test
	void tornOrForeignLinesAreMalformed() {
		String line = format(9, new LogEntry(0, 2, 99, "ERROR", "boom"));
		assertThatThrownBy(() -> LogLine.parse(line.substring(0, 30))).isInstanceOf(MalformedLogLineException.class);
		assertThatThrownBy(() -> LogLine.parse("hello world #00000000")).isInstanceOf(MalformedLogLineException.class);
	}

	@Test
	void levelsAreOneUpperCaseWord() {
		assertThat(new LogEntry(null, null, 1, null, "x").level()).isEqualTo("INFO");
		assertThatThrownBy(() -> new LogEntry(null, null, 1, "TWO WORDS", "x")).isInstanceOf(JobLogException.class);
	}

	private static String format(long seq, LogEntry entry) {
		byte[] message = LogLine.escape(entry.message()).getBytes(StandardCharsets.UTF_8);
		return new String(LogLine.format(seq, LogLine.TIMESTAMP.format(AT), 7, entry, message), StandardCharsets.UTF_8);
	}

}
