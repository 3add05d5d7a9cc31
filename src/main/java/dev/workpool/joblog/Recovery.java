package dev.workpool.joblog;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Adopts what lies beyond the committed {@code file_size}: lines of a writer that died
 * after appending but before committing, or the whole file when the {@code job_logs} row
 * was lost (a server restart empties the MEMORY table). Every complete line is kept (a
 * complete line is never deleted) and the sequence continues after the highest number
 * found; only a torn last line, without its line feed, is cut off.
 */
final class Recovery {

	/** Where the log stands. */
	record Position(long nextSeq, long fileSize) {
	}

	private Recovery() {
	}

	static Position recover(Path file, long nextSeq, long fileSize, long actualSize) throws IOException {
		long seq = nextSeq;
		long end = fileSize;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(fileSize)), 64 * 1024);
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			long offset = fileSize;
			int b;
			while ((b = in.read()) >= 0) {
				offset++;
				if (b != '\n') {
					line.write(b);
					continue;
				}
				long lineSeq = sequenceOf(line);
				seq = (lineSeq < 0) ? seq + 1 : Math.max(seq, lineSeq + 1);
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

	/** The line's sequence number, or -1 when it is not a log line. */
	private static long sequenceOf(ByteArrayOutputStream line) {
		try {
			return LogLine.parse(line.toString(StandardCharsets.UTF_8)).seq();
		}
		catch (MalformedLogLineException ex) {
			return -1;
		}
	}

}
