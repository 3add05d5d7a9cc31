package dev.workpool.worker.protocol;

import java.io.IOException;

/**
 * The bytes on a worker pipe are not a valid frame: a bad length, an unknown type tag, a
 * payload that does not match its type. Usually something other than the codec wrote to
 * the stream (for example JVM logging sent to stdout); the stream cannot be trusted any
 * more.
 */
public class MalformedFrameException extends IOException {

	public MalformedFrameException(String message) {
		super(message);
	}

}
