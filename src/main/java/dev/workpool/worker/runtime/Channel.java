package dev.workpool.worker.runtime;

import java.io.IOException;
import java.util.List;
import java.util.function.IntConsumer;

import dev.workpool.worker.protocol.FrameCodec;
import dev.workpool.worker.protocol.Message;
import dev.workpool.worker.protocol.WorkerExitCodes;

/**
 * The worker's side of the pipe to its parent: frames out on the real stdout. A broken
 * pipe means the parent is gone, so the worker exits.
 */
final class Channel {

	private final FrameCodec codec;

	private final WorkerLog log;

	private final IntConsumer exit;

	Channel(FrameCodec codec, WorkerLog log, IntConsumer exit) {
		this.codec = codec;
		this.log = log;
		this.exit = exit;
	}

	void send(Message message) {
		sendAll(List.of(message));
	}

	/** Sends the messages in order with one flush. */
	void sendAll(List<? extends Message> messages) {
		try {
			this.codec.writeAll(messages);
		}
		catch (IOException ex) {
			this.log.warn("Cannot write to the parent (" + ex.getMessage() + "): it is gone, exiting");
			this.exit.accept(WorkerExitCodes.OK);
		}
	}

}
