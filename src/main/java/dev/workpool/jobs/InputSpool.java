package dev.workpool.jobs;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A submitted job's inputs while the request is checked and stored: their JSON texts, one
 * per line, written once as the request body is parsed and read back as often as needed.
 * The first {@value #MEMORY_BYTES} bytes stay in memory; beyond that they go to a
 * temporary file that is deleted as soon as it is created (only the open channel reaches
 * it), so nothing is left behind on disk whatever happens to the request or the process.
 * Memory use is bounded whatever the number of inputs.
 */
public final class InputSpool implements JobInputs {

	/** Bytes kept in memory before the spool moves to a file. */
	static final int MEMORY_BYTES = 1024 * 1024;

	private static final int BUFFER_BYTES = 64 * 1024;

	private final Path directory;

	private ByteArrayOutputStream memory = new ByteArrayOutputStream();

	private FileChannel file;

	private final OutputStream output = new SpoolOutput();

	private int size = -1;

	/** A spool whose file, if it needs one, is made in the JVM's temporary directory. */
	public InputSpool() {
		this(Path.of(System.getProperty("java.io.tmpdir")));
	}

	InputSpool(Path directory) {
		this.directory = directory;
	}

	/**
	 * Where the JSON texts are written: each a compact JSON value, separated by
	 * {@code '\n'} (which compact JSON never contains).
	 */
	public OutputStream output() {
		return this.output;
	}

	/** Ends writing: {@code count} inputs were written. */
	public void finish(int count) {
		try {
			this.output.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot spool the job's inputs", ex);
		}
		this.size = count;
	}

	/** Whether the inputs outgrew memory and are in a (deleted) temporary file. */
	boolean inFile() {
		return this.file != null;
	}

	@Override
	public int size() {
		requireFinished();
		return this.size;
	}

	@Override
	public void forEach(Entry action) {
		requireFinished();
		if (this.size == 0) {
			return;
		}
		InputStream in = (this.file != null) ? new PositionalInput(this.file)
				: new ByteArrayInputStream(this.memory.toByteArray());
		try {
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER_BYTES);
			for (int i = 0; i < this.size; i++) {
				String line = reader.readLine();
				if (line == null) {
					throw new IllegalStateException("The spool holds fewer than " + this.size + " inputs");
				}
				action.accept(i, line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the spooled inputs", ex);
		}
	}

	@Override
	public void close() {
		this.memory = new ByteArrayOutputStream(0);
		if (this.file != null) {
			try {
				this.file.close();
			}
			catch (IOException ex) {
				// the file is already unlinked: closing only frees its space
			}
		}
	}

	private void requireFinished() {
		if (this.size < 0) {
			throw new IllegalStateException("The spool is still being written");
		}
	}

	/** Writes to memory, then moves to an unlinked temporary file past the limit. */
	private final class SpoolOutput extends OutputStream {

		private OutputStream fileOutput;

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			if (this.fileOutput == null && InputSpool.this.memory.size() + length > MEMORY_BYTES) {
				moveToFile();
			}
			if (this.fileOutput != null) {
				this.fileOutput.write(bytes, offset, length);
			}
			else {
				InputSpool.this.memory.write(bytes, offset, length);
			}
		}

		@Override
		public void flush() throws IOException {
			if (this.fileOutput != null) {
				this.fileOutput.flush();
			}
		}

		private void moveToFile() throws IOException {
			Files.createDirectories(InputSpool.this.directory);
			Path path = Files.createTempFile(InputSpool.this.directory, "workpool-inputs-", ".ndjson");
			try {
				InputSpool.this.file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
			}
			finally {
				Files.delete(path);
			}
			this.fileOutput = new BufferedOutputStream(Channels.newOutputStream(InputSpool.this.file), BUFFER_BYTES);
			InputSpool.this.memory.writeTo(this.fileOutput);
			InputSpool.this.memory = new ByteArrayOutputStream(0);
		}

	}

	/**
	 * Reads the file from its start with positional reads, leaving the channel open and
	 * its position alone, so it can be read again.
	 */
	private static final class PositionalInput extends InputStream {

		private final FileChannel channel;

		private long position;

		PositionalInput(FileChannel channel) {
			this.channel = channel;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			int n = this.channel.read(ByteBuffer.wrap(bytes, offset, length), this.position);
			if (n > 0) {
				this.position += n;
			}
			return n;
		}

	}

}
