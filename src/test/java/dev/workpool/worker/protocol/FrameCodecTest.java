package dev.workpool.worker.protocol;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.workpool.worker.protocol.Message.Cancel;
import dev.workpool.worker.protocol.Message.DbSettings;
import dev.workpool.worker.protocol.Message.Fatal;
import dev.workpool.worker.protocol.Message.Heartbeat;
import dev.workpool.worker.protocol.Message.Init;
import dev.workpool.worker.protocol.Message.Ready;
import dev.workpool.worker.protocol.Message.RunChunk;
import dev.workpool.worker.protocol.Message.Shutdown;
import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;
import dev.workpool.worker.protocol.Message.TaskRunning;
import dev.workpool.worker.protocol.Message.Trim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {

	@Test
	void roundTripsEveryMessageType() throws IOException {
		List<Message> messages = new ArrayList<>(List.of(
				new Init(1, "w-1", "node-a", new DbSettings("jdbc:mysql://h/db", "u", "p\u00e4ss", 2, 55_000), 2000),
				new Init(1, "w-2", null, new DbSettings("jdbc:x", null, "", 1, 0), 10),
				new Init(2, "w-3", "n", new DbSettings("jdbc:x", "u", "p", 1, 0), 10, "/logs", "/plugins",
						"{\"sql\":{\"maxRows\":5}}"),
				new RunChunk(7, "echo", "{\"a\":1}", 30_000, 3,
						List.of(new TaskItem(100, 0, 1, 0, "\"x\""), new TaskItem(101, 1, 2, 1, "[1,2]"))),
				new RunChunk(8, "sleep", "{}", 0, 1, List.of()),
				new RunChunk(9, "echo", "{}", 0, 4, false, true,
						List.of(new TaskItem(102, 0, 3, 2, "1", 4_000_000), new TaskItem(103, 1, 1, 0, "2", 0))),
				new Cancel(7), new Shutdown(), new Trim(), new Ready(1234, Message.PROTOCOL_VERSION), new Heartbeat(-1),
				new Heartbeat(100), new TaskRunning(42, 150_000), new Fatal("database lost"), new Fatal(null)));
		for (TaskOutcome outcome : TaskOutcome.values()) {
			messages.add(new TaskDone(100, 3, outcome, 123_456));
		}
		assertThat(roundTrip(messages)).isEqualTo(messages);
	}

	@Test
	void roundTripsLargeAndUnicodeStrings() throws IOException {
		String large = "\u00e9\u4e2d\ud83d\ude00x".repeat(100_000); // > 64 KB in UTF-8
		String unicode = "z\u00fcrich \u6771\u4eac \ud83d\udc0d \u0000 end";
		List<Message> messages = List.of(new Fatal(large),
				new RunChunk(1, "echo", unicode, 0, 1, List.of(new TaskItem(1, 0, 1, 0, large))));
		assertThat(roundTrip(messages)).isEqualTo(messages);
	}

	@Test
	void writeAllSendsItsFramesInOrderWithOneFlush() throws IOException {
		int[] flushes = new int[1];
		ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
			@Override
			public void flush() {
				flushes[0]++;
			}
		};
		FrameCodec writer = new FrameCodec(null, bytes);
		List<Message> done = List.of(new TaskDone(1, 1, TaskOutcome.SUCCEEDED, 10),
				new TaskDone(2, 1, TaskOutcome.STALE, 20), new TaskDone(3, 2, TaskOutcome.FAILED, 30));

		writer.writeAll(done);

		assertThat(flushes[0]).isEqualTo(1);
		FrameCodec reader = new FrameCodec(new ByteArrayInputStream(bytes.toByteArray()), null);
		assertThat(List.of(reader.read(), reader.read(), reader.read())).isEqualTo(done);
		assertThat(reader.read()).isNull();

	}

	@Test
	void returnsNullAtCleanEndOfStream() throws IOException {
		FrameCodec codec = new FrameCodec(new ByteArrayInputStream(new byte[0]), null);
		assertThat(codec.read()).isNull();
	}

	@Test
	void streamEndingInsideAFrameThrowsEofException() throws IOException {
		byte[] frame = encode(List.of(new Fatal("hello")));
		byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 2);
		FrameCodec codec = new FrameCodec(new ByteArrayInputStream(truncated), null);
		assertThatThrownBy(codec::read).isInstanceOf(EOFException.class).hasMessageContaining("inside a frame");
		FrameCodec header = new FrameCodec(new ByteArrayInputStream(new byte[] { 0, 0 }), null);
		assertThatThrownBy(header::read).isInstanceOf(EOFException.class).hasMessageContaining("header");
	}

	@Test
	void textOnTheStreamIsReportedAsMalformed() {
		byte[] text = "Hello from System.out\n".getBytes(StandardCharsets.US_ASCII);
		FrameCodec codec = new FrameCodec(new ByteArrayInputStream(text), null);
		assertThatThrownBy(codec::read).isInstanceOf(MalformedFrameException.class)
			.hasMessageContaining("Invalid frame length")
			.hasMessageContaining("\"Hell\"");
	}

	@Test
	void unknownTypeTagIsMalformed() throws IOException {
		assertThatThrownBy(() -> read(frame(99, new byte[0]))).isInstanceOf(MalformedFrameException.class)
			.hasMessageContaining("Unknown frame type tag 99");
	}

	@Test
	void payloadShorterThanItsTypeIsMalformed() throws IOException {
		assertThatThrownBy(() -> read(frame(Payloads.CANCEL, new byte[] { 1, 2 })))
			.isInstanceOf(MalformedFrameException.class)
			.hasMessageContaining("shorter than its payload");
	}

	@Test
	void trailingBytesAreMalformed() throws IOException {
		assertThatThrownBy(() -> read(frame(Payloads.SHUTDOWN, new byte[] { 1 })))
			.isInstanceOf(MalformedFrameException.class)
			.hasMessageContaining("trailing");
	}

	@Test
	void stringLongerThanTheFrameIsMalformed() throws IOException {
		byte[] payload = { 0x7f, 0, 0, 0, 'x' };
		assertThatThrownBy(() -> read(frame(Payloads.FATAL, payload))).isInstanceOf(MalformedFrameException.class)
			.hasMessageContaining("String length");
	}

	@Test
	void absurdTaskCountIsMalformed() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeLong(1);
		out.writeInt(-1);
		out.writeInt(-1);
		out.writeLong(0);
		out.writeInt(1);
		out.writeBoolean(true);
		out.writeBoolean(false);
		out.writeInt(Integer.MAX_VALUE);
		assertThatThrownBy(() -> read(frame(Payloads.RUN_CHUNK, bytes.toByteArray())))
			.isInstanceOf(MalformedFrameException.class)
			.hasMessageContaining("declares 2147483647 tasks");
	}

	@Test
	void concurrentWritesDoNotInterleave() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		FrameCodec writer = new FrameCodec(null, bytes);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			String text = Integer.toString(t).repeat(10_000);
			futures.add(threads.submit(() -> {
				for (int i = 0; i < 50; i++) {
					writer.write(new Fatal(text));
				}
				return null;
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		threads.shutdown();
		FrameCodec reader = new FrameCodec(new ByteArrayInputStream(bytes.toByteArray()), null);
		int count = 0;
		Message message;
		while ((message = reader.read()) != null) {
			assertThat(((Fatal) message).reason()).hasSize(10_000);
			count++;
		}
		assertThat(count).isEqualTo(400);
	}

	private static List<Message> roundTrip(List<Message> messages) throws IOException {
		FrameCodec reader = new FrameCodec(new ByteArrayInputStream(encode(messages)), null);
		List<Message> read = new ArrayList<>();
		Message message;
		while ((message = reader.read()) != null) {
			read.add(message);
		}
		return read;
	}

	private static byte[] encode(List<Message> messages) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		FrameCodec writer = new FrameCodec(null, bytes);
		for (Message message : messages) {
			writer.write(message);
		}
		return bytes.toByteArray();
	}

	private static byte[] frame(int tag, byte[] payload) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(payload.length + 1);
		out.writeByte(tag);
		out.write(payload);
		return bytes.toByteArray();
	}

	private static Message read(byte[] bytes) throws IOException {
		return new FrameCodec(new ByteArrayInputStream(bytes), null).read();
	}

}
