package dev.workpool.worker.runtime;

/**
 * Shrinks an idle worker's heap back towards what it holds. The heap a chunk grew stays
 * committed (and resident) otherwise: the serial collector resizes the heap only in full
 * collections, which an idle worker never has, and then shrinks it in steps (none in the
 * first, 10 %, 40 %, then all of what it may: {@code ShrinkHeapInSteps}). So it collects
 * up to {@value #MAX_COLLECTIONS} times, and stops as soon as a collection leaves the
 * committed heap unchanged after the first one. A heap that has not grown well beyond its
 * size at start is left alone: a full collection may even enlarge it to the free share
 * the collector keeps ({@code MinHeapFreeRatio}), and an idle worker's heap then fills
 * that space slowly.
 */
final class IdleHeap {

	/** Grown: more than this times the heap at start. */
	static final double GROWN = 1.5;

	/** Full collections at most; each takes a few milliseconds on a worker's heap. */
	static final int MAX_COLLECTIONS = 4;

	private IdleHeap() {
	}

	/**
	 * Collects until the committed heap stops shrinking, if it has grown.
	 * @param atStartBytes the committed heap when the worker started
	 */
	static Shrunk shrink(long atStartBytes) {
		Runtime runtime = Runtime.getRuntime();
		long before = runtime.totalMemory();
		if (before <= GROWN * atStartBytes) {
			return new Shrunk(before, before);
		}
		long committed = before;
		for (int i = 0; i < MAX_COLLECTIONS; i++) {
			System.gc();
			long now = runtime.totalMemory();
			if (i > 0 && now >= committed) {
				break;
			}
			committed = now;
		}
		return new Shrunk(before, runtime.totalMemory());
	}

	/** Committed heap before and after, in bytes. */
	record Shrunk(long beforeBytes, long afterBytes) {

		@Override
		public String toString() {
			return mb(this.beforeBytes) + " -> " + mb(this.afterBytes) + " MB";
		}

		private static String mb(long bytes) {
			return String.valueOf(Math.round(bytes / 104857.6) / 10.0);
		}

	}

}
