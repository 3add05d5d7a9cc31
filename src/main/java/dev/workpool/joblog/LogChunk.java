package dev.workpool.joblog;

import java.util.List;

/**
 * Complete lines of a job log read from byte {@code offset}; the next read continues at
 * {@code nextOffset}. Empty when nothing new was there.
 *
 * @param offset where the chunk starts
 * @param nextOffset where the next read continues (just after the last line here)
 * @param lines the lines, without their line feeds, each with the offset just after it
 */
public record LogChunk(long offset, long nextOffset, List<Line> lines) {

	/**
	 * One line.
	 *
	 * @param text the line without its line feed
	 * @param endOffset the byte offset just after its line feed (where to resume after
	 * it)
	 */
	public record Line(String text, long endOffset) {
	}

	public boolean isEmpty() {
		return this.lines.isEmpty();
	}

	/** The lines as the file has them, each ending in a line feed. */
	public String text() {
		StringBuilder text = new StringBuilder();
		this.lines.forEach((line) -> text.append(line.text()).append('\n'));
		return text.toString();
	}

}
