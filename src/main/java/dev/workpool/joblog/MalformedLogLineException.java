package dev.workpool.joblog;

import dev.workpool.WorkpoolException;

/** A job log line that does not have the format of {@link LogLine}. */
public class MalformedLogLineException extends WorkpoolException {

	public MalformedLogLineException(String line, String problem) {
		super("Malformed job log line (" + problem + "): "
				+ ((line.length() > 120) ? line.substring(0, 120) + "..." : line));
	}

}
