package dev.workpool.worker.protocol;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@link Message}s as length-prefixed binary frames: {@code int length}
 * (big-endian, counts the type tag and the payload), {@code byte} type tag, payload.
 * Strings inside a payload are {@code int} byte length (-1 for null) and UTF-8 bytes, so
 * they may exceed 64 KB. Frames larger than {@link #MAX_FRAME_BYTES} are refused on both
 * sides.
 *
 * <p>
 * Writes are synchronized and flushed frame by frame, so several threads may share one
 * codec for writing. Reading is meant for a single reader thread.
 *
 * <p>
 * End of stream: {@link #read()} returns {@code null} when the stream ends cleanly
 * between two frames, and throws {@link EOFException} when it ends inside a frame. Bytes
 * that cannot be a frame throw {@link MalformedFrameException}.
 */
public final class FrameCodec {

	/** Largest frame accepted or written: 256 MiB. */
	public static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

	private final DataInputStream in;

	private final DataOutputStream out;

	/**
	 * @param in stream to read frames from, or {@code null} for a write-only codec
	 * @param out stream to write frames to, or {@code null} for a read-only codec
	 */
	public FrameCodec(InputStream in, OutputStream out) {
		this.in = (in != null) ? new DataInputStream(new BufferedInputStream(in, 64 * 1024)) : null;
		this.out = (out != null) ? new DataOutputStream(out) : null;
	}

	/**
	 * Writes one frame and flushes it.
	 * @throws IOException if the stream is broken (for example the other process exited)
	 * @throws IllegalArgumentException if the encoded message exceeds
	 * {@link #MAX_FRAME_BYTES}
	 */
	public void write(Message message) throws IOException {
		writeAll(List.of(message));
	}

	/**
	 * Writes the frames one after the other, with nothing of another thread between them,
	 * and flushes once: a batch of results costs one write to the pipe, not one each.
	 * @throws IOException if the stream is broken (for example the other process exited)
	 * @throws IllegalArgumentException if an encoded message exceeds
	 * {@link #MAX_FRAME_BYTES}; then nothing is written
	 */
	public void writeAll(List<? extends Message> messages) throws IOException {
		if (this.out == null) {
			throw new IllegalStateException("This FrameCodec was created without an output stream");
		}
		List<byte[]> frames = new ArrayList<>(messages.size());
		for (Message message : messages) {
			byte[] frame = Payloads.encode(message);
			if (frame.length > MAX_FRAME_BYTES) {
				throw new IllegalArgumentException(message.getClass().getSimpleName() + " frame of " + frame.length
						+ " bytes exceeds the maximum of " + MAX_FRAME_BYTES + " bytes");
			}
			frames.add(frame);
		}
		synchronized (this.out) {
			for (byte[] frame : frames) {
				this.out.writeInt(frame.length);
				this.out.write(frame);
			}
			this.out.flush();
		}
	}

	/**
	 * Reads the next frame, blocking until it is complete.
	 * @return the message, or {@code null} at a clean end of stream (between frames)
	 * @throws EOFException if the stream ends inside a frame
	 * @throws MalformedFrameException if the bytes are not a valid frame
	 */
	public Message read() throws IOException {
		if (this.in == null) {
			throw new IllegalStateException("This FrameCodec was created without an input stream");
		}
		byte[] header = this.in.readNBytes(4);
		if (header.length == 0) {
			return null;
		}
		if (header.length < 4) {
			throw new EOFException("Stream ended inside a frame header (" + header.length + " of 4 bytes)");
		}
		int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8)
				| (header[3] & 0xff);
		if (length < 1 || length > MAX_FRAME_BYTES) {
			throw new MalformedFrameException(
					"Invalid frame length " + length + " (allowed 1.." + MAX_FRAME_BYTES + "); the stream starts with "
							+ describe(header) + ": is something other than the frame codec writing to it?");
		}
		byte[] frame = this.in.readNBytes(length);
		if (frame.length < length) {
			throw new EOFException("Stream ended inside a frame (" + frame.length + " of " + length + " bytes)");
		}
		return Payloads.decode(frame);
	}

	private static String describe(byte[] bytes) {
		StringBuilder hex = new StringBuilder();
		for (byte b : bytes) {
			hex.append(String.format("%02x", b & 0xff));
		}
		String text = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".");
		return "0x" + hex + " (\"" + text + "\")";
	}

}
