package dev.workpool.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * A job's inputs, each as its JSON text, in input order; they can be read more than once
 * (to check them, to hash them, to store them) without all of them being in memory at
 * once. A submitted request's inputs are an {@link InputSpool}; {@link #of(List)} wraps
 * values already in memory. Close it when done.
 */
public interface JobInputs extends AutoCloseable {

	/** Number of inputs. */
	int size();

	/** Hands every input's JSON text with its index to {@code action}, in order. */
	void forEach(Entry action);

	/** Frees what holds the inputs (a temporary file); idempotent. */
	@Override
	void close();

	/**
	 * The inputs {@code values}, each a plain JSON value (map, list, string, number,
	 * boolean or null).
	 */
	static JobInputs of(List<?> values) {
		JsonMapper mapper = JsonMapper.shared();
		List<String> texts = new ArrayList<>(values.size());
		for (Object value : values) {
			texts.add(mapper.writeValueAsString(value));
		}
		return new InMemory(Collections.unmodifiableList(texts));
	}

	/** One input: its position and its JSON text. */
	@FunctionalInterface
	interface Entry {

		void accept(int index, String json);

	}

	/** Inputs held as a list of JSON texts. */
	record InMemory(List<String> texts) implements JobInputs {

		@Override
		public int size() {
			return this.texts.size();
		}

		@Override
		public void forEach(Entry action) {
			for (int i = 0; i < this.texts.size(); i++) {
				action.accept(i, this.texts.get(i));
			}
		}

		@Override
		public void close() {
		}

	}

}
