package dev.workpool.joblog;

/**
 * What an append wrote: entries {@code firstSeq..lastSeq}, and the committed size of the
 * log file after them (the byte offset a reader continues from).
 *
 * @param firstSeq sequence number of the first entry written
 * @param lastSeq sequence number of the last entry written
 * @param endOffset size of the log file after the append
 */
public record Appended(long firstSeq, long lastSeq, long endOffset) {

	/** Entries written. */
	public long count() {
		return this.lastSeq - this.firstSeq + 1;
	}

}
