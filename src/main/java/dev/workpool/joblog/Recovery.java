package dev.workpool.joblog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Adopts what a writer that died after appending but before committing left beyond the
 * committed {@code file_size}: complete lines that parse, carry a good checksum and
 * continue the sequence are kept; from the first line that does not (usually a torn last
 * line without its line feed) the file is cut off.
 */
final class Recovery {

	/** Where the log stands after recovery. */
	record Position(long nextSeq, long fileSize) {
	}

	private Recovery() {
	}

	static Position recover(Path file, long nextSeq, long fileSize, long actualSize) throws IOException {
		long seq = nextSeq;
		long end = fileSize;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel.position(fileSize)),
					64 * 1024);
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			long offset = fileSize;
			int b;
			while ((b = in.read()) >= 0) {
				offset++;
				if (b != '\n') {
					line.write(b);
					continue;
				}
				if (!continues(line.toString(StandardCharsets.UTF_8), seq)) {
					break;
				}
				seq++;
				end = offset;
				line.reset();
			}
			if (end < actualSize) {
				channel.truncate(end);
				channel.force(true);
			}
		}
		return new Position(seq, end);
	}

	private static boolean continues(String line, long expectedSeq) {
		try {
			LogLine parsed = LogLine.parse(line);
			return parsed.checksumOk() && parsed.seq() == expectedSeq;
		}
		catch (MalformedLogLineException ex) {
			return false;
		}
	}

}
