package dev.workpool.worker.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

/**
 * Type tags and payload layouts of every {@link Message}: the body of a frame (tag +
 * payload), without the length prefix.
 */
final class Payloads {

	static final byte INIT = 1;

	static final byte RUN_CHUNK = 2;

	static final byte CANCEL = 3;

	static final byte SHUTDOWN = 4;

	static final byte TRIM = 5;

	static final byte READY = 11;

	static final byte TASK_DONE = 12;

	static final byte HEARTBEAT = 13;

	static final byte FATAL = 14;

	static final byte TASK_RUNNING = 15;

	private Payloads() {
	}

	static byte[] encode(Message message) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			Payloads.write(message, out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex); // cannot happen on a byte array
		}
		return bytes.toByteArray();
	}

	private static void write(Message message, DataOutputStream out) throws IOException {
		if (message instanceof Init m) {
			out.writeByte(INIT);
			out.writeInt(m.protocolVersion());
			writeString(out, m.workerId());
			writeString(out, m.nodeId());
			writeString(out, m.db().jdbcUrl());
			writeString(out, m.db().user());
			writeString(out, m.db().password());
			out.writeInt(m.db().poolSize());
			out.writeLong(m.db().maxLifetimeMillis());
			out.writeLong(m.heartbeatIntervalMillis());
			writeString(out, m.logDir());
			writeString(out, m.pluginsDir());
			writeString(out, m.taskSettingsJson());
		}
		else if (message instanceof RunChunk m) {
			out.writeByte(RUN_CHUNK);
			out.writeLong(m.jobId());
			writeString(out, m.taskType());
			writeString(out, m.paramsJson());
			out.writeLong(m.taskTimeoutMillis());
			out.writeInt(m.maxAttempts());
			out.writeBoolean(m.retryOnError());
			out.writeBoolean(m.retryOnTimeout());
			out.writeInt(m.tasks().size());
			for (TaskItem item : m.tasks()) {
				out.writeLong(item.taskId());
				out.writeInt(item.index());
				out.writeInt(item.attempt());
				out.writeInt(item.failures());
				writeString(out, item.inputJson());
				out.writeLong(item.retryDelayMicros());
			}
			out.writeInt(m.lane());
		}
		else if (message instanceof Cancel m) {
			out.writeByte(CANCEL);
			out.writeLong(m.jobId());
		}
		else if (message instanceof Shutdown) {
			out.writeByte(SHUTDOWN);
		}
		else if (message instanceof Trim) {
			out.writeByte(TRIM);
		}
		else if (message instanceof Ready m) {
			out.writeByte(READY);
			out.writeLong(m.pid());
			out.writeInt(m.protocolVersion());
		}
		else if (message instanceof TaskDone m) {
			out.writeByte(TASK_DONE);
			out.writeLong(m.taskId());
			out.writeInt(m.attempt());
			out.writeByte(m.outcome().ordinal());
			out.writeLong(m.durationMicros());
		}
		else if (message instanceof TaskRunning m) {
			out.writeByte(TASK_RUNNING);
			out.writeLong(m.taskId());
			out.writeLong(m.runningForMicros());
		}
		else if (message instanceof Heartbeat m) {
			out.writeByte(HEARTBEAT);
			out.writeLong(m.currentTaskId());
		}
		else if (message instanceof Fatal m) {
			out.writeByte(FATAL);
			writeString(out, m.reason());
		}
		else {
			throw new IllegalArgumentException("Unknown message type " + message.getClass().getName());
		}
	}

	private static void writeString(DataOutputStream out, String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	static Message decode(byte[] frame) throws MalformedFrameException {
		ByteBuffer in = ByteBuffer.wrap(frame);
		byte tag = in.get();
		try {
			Message message = read(tag, in);
			if (in.hasRemaining()) {
				throw new MalformedFrameException(
						"Frame with type tag " + tag + " has " + in.remaining() + " unexpected trailing bytes");
			}
			return message;
		}
		catch (BufferUnderflowException ex) {
			throw new MalformedFrameException(
					"Frame with type tag " + tag + " is shorter than its payload (" + frame.length + " bytes)");
		}
	}

	private static Message read(byte tag, ByteBuffer in) throws MalformedFrameException {
		return switch (tag) {
			case INIT -> new Init(in.getInt(), readString(in), readString(in),
					new DbSettings(readString(in), readString(in), readString(in), in.getInt(), in.getLong()),
					in.getLong(), readString(in), readString(in), readString(in));
			case RUN_CHUNK -> readRunChunk(in);
			case CANCEL -> new Cancel(in.getLong());
			case SHUTDOWN -> new Shutdown();
			case TRIM -> new Trim();
			case READY -> new Ready(in.getLong(), in.getInt());
			case TASK_DONE -> new TaskDone(in.getLong(), in.getInt(), readOutcome(in), in.getLong());
			case HEARTBEAT -> new Heartbeat(in.getLong());
			case TASK_RUNNING -> new TaskRunning(in.getLong(), in.getLong());
			case FATAL -> new Fatal(readString(in));
			default -> throw new MalformedFrameException("Unknown frame type tag " + tag);
		};
	}

	private static RunChunk readRunChunk(ByteBuffer in) throws MalformedFrameException {
		long jobId = in.getLong();
		String taskType = readString(in);
		String paramsJson = readString(in);
		long taskTimeoutMillis = in.getLong();
		int maxAttempts = in.getInt();
		boolean retryOnError = in.get() != 0;
		boolean retryOnTimeout = in.get() != 0;
		int count = in.getInt();
		// each item takes at least 32 bytes: guards against absurd counts
		if (count < 0 || count > in.remaining() / 32) {
			throw new MalformedFrameException(
					"RunChunk frame declares " + count + " tasks in " + in.remaining() + " remaining bytes");
		}
		List<TaskItem> tasks = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			tasks.add(new TaskItem(in.getLong(), in.getInt(), in.getInt(), in.getInt(), readString(in), in.getLong()));
		}
		return new RunChunk(jobId, taskType, paramsJson, taskTimeoutMillis, maxAttempts, retryOnError, retryOnTimeout,
				List.copyOf(tasks), in.getInt());
	}

	private static TaskOutcome readOutcome(ByteBuffer in) throws MalformedFrameException {
		int ordinal = in.get();
		TaskOutcome[] values = TaskOutcome.values();
		if (ordinal < 0 || ordinal >= values.length) {
			throw new MalformedFrameException("Unknown task outcome " + ordinal + " in TaskDone frame");
		}
		return values[ordinal];
	}

	private static String readString(ByteBuffer in) throws MalformedFrameException {
		int length = in.getInt();
		if (length == -1) {
			return null;
		}
		if (length < 0 || length > in.remaining()) {
			throw new MalformedFrameException("String length " + length + " does not fit the " + in.remaining()
					+ " remaining bytes of the frame");
		}
		String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
		in.position(in.position() + length);
		return value;
	}

}
