package dev.workpool.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * Test task type {@code log-burst}: writes {@code lines} entries to the job log, in
 * batches of {@code batch} ({@link TaskContext#logAll}); every {@code longEvery}-th entry
 * is {@code longLength} characters long. Each entry reads
 * {@code burst <index> <n> <padding>}, so a test can prove every one arrived once and
 * intact. Uses only the SPI, so it is also built into a plugin jar for tests against the
 * packaged service.
 */
public final class LogBurstTask implements Task {

	@Override
	public String name() {
		return "log-burst";
	}

	@Override
	public String description() {
		return "Test only: writes many job-log entries, some long, in batches.";
	}

	@Override
	public String inputSchema() {
		return """
				{"type": "object", "required": ["lines"], "additionalProperties": false,
				 "properties": {
				   "lines": {"type": "integer", "minimum": 0},
				   "batch": {"type": "integer", "minimum": 1},
				   "longEvery": {"type": "integer", "minimum": 1},
				   "longLength": {"type": "integer", "minimum": 1, "maximum": 65536}}}
				""";
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of(), List.of(Map.of("lines", 3), Map.of("lines", 2, "longEvery", 2)));
	}

	@Override
	public Object run(Object input, TaskContext context) {
		Map<?, ?> spec = (Map<?, ?>) input;
		int lines = number(spec, "lines", 0);
		int batch = number(spec, "batch", 100);
		int longEvery = number(spec, "longEvery", Integer.MAX_VALUE);
		int longLength = number(spec, "longLength", 65_536);
		List<String> pending = new ArrayList<>(batch);
		for (int n = 0; n < lines; n++) {
			String line = "burst " + context.index() + " " + n + " ";
			if ((n + 1) % longEvery == 0) {
				line = line + "x".repeat(Math.max(0, longLength - line.length()));
			}
			pending.add(line);
			if (pending.size() == batch) {
				context.logAll("INFO", pending);
				pending.clear();
			}
		}
		context.logAll("INFO", pending);
		return lines;
	}

	private static int number(Map<?, ?> spec, String key, int otherwise) {
		return (spec.get(key) instanceof Number value) ? value.intValue() : otherwise;
	}

}
