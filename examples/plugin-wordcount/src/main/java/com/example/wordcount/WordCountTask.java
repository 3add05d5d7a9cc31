package com.example.wordcount;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * Example plugin task type {@code wordcount}: counts the words of a text input and
 * returns the total and the most frequent words. Shows a params schema with defaults,
 * typed params, an input schema, an example, job-log lines and cooperative cancel.
 */
public final class WordCountTask implements Task {

	/** The job's params, bound by {@link TaskContext#params(Class)}. */
	public record Params(boolean ignoreCase, int top, boolean log) {
	}

	@Override
	public String name() {
		return "wordcount";
	}

	@Override
	public String description() {
		return "Example plugin: counts the words of a text and returns the total and the most frequent ones.";
	}

	@Override
	public String paramsSchema() {
		return """
				{"type": "object", "additionalProperties": false,
				 "properties": {
				   "ignoreCase": {"type": "boolean", "default": true, "description": "Count 'The' and 'the' as one."},
				   "top": {"type": "integer", "minimum": 0, "maximum": 100, "default": 3,
				           "description": "How many of the most frequent words to return."},
				   "log": {"type": "boolean", "default": false, "description": "Also log each count."}}}
				""";
	}

	@Override
	public String inputSchema() {
		return """
				{"type": "string", "maxLength": 1000000, "description": "The text to count."}
				""";
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of("top", 2), List.of("the quick brown fox jumps over the lazy dog", "to be or not to be"));
	}

	@Override
	public Object run(Object input, TaskContext context) {
		Params params = context.params(Params.class);
		Map<String, Integer> counts = new TreeMap<>();
		int total = 0;
		for (String word : ((String) input).split("[^\\p{L}\\p{N}']+")) {
			if (context.isCancelled()) {
				throw new java.util.concurrent.CancellationException("wordcount cancelled");
			}
			if (!word.isEmpty()) {
				counts.merge(params.ignoreCase() ? word.toLowerCase(Locale.ROOT) : word, 1, Integer::sum);
				total++;
			}
		}
		Map<String, Integer> top = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(params.top())
			.forEach((entry) -> top.put(entry.getKey(), entry.getValue()));
		if (params.log()) {
			context.log("input " + context.index() + ": " + total + " words, " + counts.size() + " distinct");
		}
		return Map.of("words", total, "distinct", counts.size(), "top", top);
	}

}
