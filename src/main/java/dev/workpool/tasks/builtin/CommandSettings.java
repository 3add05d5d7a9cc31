package dev.workpool.tasks.builtin;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's settings of the {@code command} type ({@code workpool.tasks.command.*}).
 *
 * @param allowed executables jobs may name: absolute paths, or bare names looked up on
 * the worker's PATH; empty disables the type
 * @param envAllowed variables passed from the worker's environment to the program (and
 * the only ones, PATH excepted, a job may set)
 * @param workingDir the absolute base of the programs' working directories
 * @param maxOutputBytes stdout and stderr kept in a result (and logged), each
 */
record CommandSettings(List<String> allowed, List<String> envAllowed, Path workingDir, long maxOutputBytes) {

	static final String ALLOWED = "workpool.tasks.command.allowed";

	static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/**
	 * @throws IllegalArgumentException naming the property of a bad setting
	 */
	static CommandSettings from(Map<String, Object> settings) {
		List<String> allowed = ParamValues.strings(settings.get("allowed")).stream().map(String::trim).toList();
		for (String executable : allowed) {
			if (executable.isEmpty() || (!executable.startsWith("/") && executable.contains("/"))) {
				throw new IllegalArgumentException(ALLOWED + ": '" + executable
						+ "' must be an absolute path or a bare name looked up on the worker's PATH");
			}
		}
		List<String> envAllowed = ParamValues.strings(settings.get("envAllowed"));
		for (String name : envAllowed) {
			if (!ENV_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException(
						"workpool.tasks.command.env-allowed: '" + name + "' is not an environment variable name");
			}
		}
		Object dir = settings.get("workingDir");
		Path workingDir = Path.of((dir != null) ? dir.toString() : "data/work").toAbsolutePath().normalize();
		long maxOutput = ParamValues.number(settings.get("maxOutputBytes"), 1024 * 1024);
		return new CommandSettings(allowed, envAllowed, workingDir, maxOutput);
	}

	boolean isDisabled() {
		return this.allowed.isEmpty();
	}

}
