package dev.workpool.jobs;

import java.util.Locale;

/** Order of a job's results. */
public enum ResultOrder {

	/** All tasks by input position, like Python's {@code Pool.map}. */
	INPUT,

	/**
	 * Finished tasks only, in the order they finished, like Python's
	 * {@code Pool.imap_unordered}.
	 */
	COMPLETION;

	/**
	 * Parses {@code input} or {@code completion}, ignoring case.
	 * @throws InvalidJobException naming {@code field} for anything else
	 */
	public static ResultOrder parse(String value, String field) {
		for (ResultOrder order : values()) {
			if (order.name().equalsIgnoreCase(value)) {
				return order;
			}
		}
		throw new InvalidJobException(field, "must be one of input, completion but was '" + value + "'");
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
