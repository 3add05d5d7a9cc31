package dev.workpool.joblog;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads job logs written by {@link JobLogWriter}. Only complete lines (ending in a line
 * feed) are ever returned: a line being written, or torn by a writer that died, is not
 * visible, so offsets handed out stay valid (a torn tail is only ever cut off beyond
 * them). A job without a log file reads as empty. Thread-safe.
 */
public final class JobLogReader {

	private static final int BLOCK = 64 * 1024;

	private final Path logDir;

	public JobLogReader(Path logDir) {
		this.logDir = logDir;
	}

	/** The job's log file (it may not exist). */
	public Path file(long jobId) {
		return JobLogFiles.path(this.logDir, jobId);
	}

	/** Byte offset just after the last complete line; 0 without a log. */
	public long end(long jobId) {
		try (FileChannel channel = open(jobId)) {
			return (channel != null) ? completeEnd(channel, channel.size()) : 0;
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file(jobId), "read failed: " + ex, ex);
		}
	}

	/**
	 * Complete lines from {@code sinceOffset} (a line start: 0 or a {@code nextOffset} /
	 * {@code endOffset} handed out before), about {@code maxBytes} of them; a single line
	 * longer than {@code maxBytes} is returned whole.
	 */
	public LogChunk read(long jobId, long sinceOffset, int maxBytes) {
		try (FileChannel channel = open(jobId)) {
			if (channel == null || channel.size() <= sinceOffset) {
				return new LogChunk(sinceOffset, sinceOffset, List.of());
			}
			long size = channel.size();
			long limit = Math.min(size, sinceOffset + Math.max(1, maxBytes));
			long end = completeEnd(channel, limit);
			if (end <= sinceOffset) {
				end = nextLineEnd(channel, limit, size);
			}
			if (end <= sinceOffset) {
				return new LogChunk(sinceOffset, sinceOffset, List.of());
			}
			return chunk(sinceOffset, readBytes(channel, sinceOffset, end));
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file(jobId), "read failed: " + ex, ex);
		}
	}

	/** The last {@code lines} complete lines (fewer if the log is shorter). */
	public LogChunk tail(long jobId, int lines) {
		try (FileChannel channel = open(jobId)) {
			if (channel == null || lines <= 0) {
				return new LogChunk(0, 0, List.of());
			}
			long end = completeEnd(channel, channel.size());
			long start = 0;
			int newlines = 0;
			long position = end;
			scan: while (position > 0) {
				long from = Math.max(0, position - BLOCK);
				byte[] block = readBytes(channel, from, position);
				for (int i = block.length - 1; i >= 0; i--) {
					if (block[i] == '\n' && ++newlines == lines + 1) {
						start = from + i + 1;
						break scan;
					}
				}
				position = from;
			}
			return chunk(start, readBytes(channel, start, end));
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file(jobId), "read failed: " + ex, ex);
		}
	}

	/** Copies the complete lines in {@code [from, to)} to {@code out}. */
	public void copy(long jobId, long from, long to, OutputStream out) {
		try (InputStream in = stream(jobId, from, to)) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file(jobId), "read failed: " + ex, ex);
		}
	}

	/**
	 * The bytes {@code [from, to)} of the log as a stream (empty without a log); the
	 * caller closes it.
	 */
	public InputStream stream(long jobId, long from, long to) {
		try {
			FileChannel channel = open(jobId);
			if (channel == null || to <= from) {
				if (channel != null) {
					channel.close();
				}
				return InputStream.nullInputStream();
			}
			InputStream in = Channels.newInputStream(channel.position(from));
			return new FilterInputStream(in) {

				private long left = to - from;

				@Override
				public int read() throws IOException {
					if (this.left <= 0) {
						return -1;
					}
					int b = super.read();
					this.left -= (b >= 0) ? 1 : 0;
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					if (this.left <= 0) {
						return -1;
					}
					int n = super.read(buffer, offset, (int) Math.min(length, this.left));
					this.left -= Math.max(0, n);
					return n;
				}

			};
		}
		catch (IOException ex) {
			throw new JobLogException(jobId, file(jobId), "read failed: " + ex, ex);
		}
	}

	private FileChannel open(long jobId) throws IOException {
		try {
			return FileChannel.open(file(jobId), StandardOpenOption.READ);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	private static LogChunk chunk(long offset, byte[] bytes) {
		List<LogChunk.Line> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == '\n') {
				lines.add(
						new LogChunk.Line(new String(bytes, start, i - start, StandardCharsets.UTF_8), offset + i + 1));
				start = i + 1;
			}
		}
		return new LogChunk(offset, offset + start, lines);
	}

	/** Offset just after the last line feed before {@code limit}, or 0. */
	private static long completeEnd(FileChannel channel, long limit) throws IOException {
		long position = limit;
		while (position > 0) {
			long from = Math.max(0, position - BLOCK);
			byte[] block = readBytes(channel, from, position);
			for (int i = block.length - 1; i >= 0; i--) {
				if (block[i] == '\n') {
					return from + i + 1;
				}
			}
			position = from;
		}
		return 0;
	}

	/** Offset just after the first line feed at or after {@code from}, or -1. */
	private static long nextLineEnd(FileChannel channel, long from, long size) throws IOException {
		long position = from;
		while (position < size) {
			long to = Math.min(size, position + BLOCK);
			byte[] block = readBytes(channel, position, to);
			for (int i = 0; i < block.length; i++) {
				if (block[i] == '\n') {
					return position + i + 1;
				}
			}
			position = to;
		}
		return -1;
	}

	private static byte[] readBytes(FileChannel channel, long from, long to) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
		while (buffer.hasRemaining()) {
			if (channel.read(buffer, from + buffer.position()) < 0) {
				break;
			}
		}
		return buffer.array();
	}

}
