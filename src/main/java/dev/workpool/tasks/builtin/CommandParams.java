package dev.workpool.tasks.builtin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;

/**
 * The params of a {@code command} job, checked against the operator's settings: the same
 * parsing at submission and in the worker.
 *
 * @param executable an entry of {@code workpool.tasks.command.allowed}
 * @param args argument templates
 * @param workingDir relative to the configured base, never outside it
 * @param env variables to set (names from env-allowed, PATH excepted), value templates
 * @param timeout the program is killed, with its process tree, after this long
 * @param failOnNonZeroExit whether a non-zero exit code fails the task
 */
record CommandParams(String executable, List<InputTemplate> args, Path workingDir, Map<String, InputTemplate> env,
		Duration timeout, boolean failOnNonZeroExit) {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

	static final Duration MAX_TIMEOUT = Duration.ofHours(24);

	/**
	 * @throws InvalidTaskArgumentException naming the field
	 */
	static CommandParams from(Map<String, Object> params, CommandSettings settings) {
		if (settings.isDisabled()) {
			throw invalid("params.executable",
					"cannot run: the command task type is disabled because " + CommandSettings.ALLOWED + " is empty");
		}
		Object executable = params.get("executable");
		if (executable == null) {
			throw invalid("params.executable", "is required");
		}
		if (!settings.allowed().contains(executable.toString())) {
			throw invalid("params.executable",
					"'" + executable + "' is not in " + CommandSettings.ALLOWED + " " + settings.allowed());
		}
		List<InputTemplate> args = ParamValues.strings(params.get("args")).stream().map(InputTemplate::of).toList();
		Path workingDir = workingDir(String.valueOf(params.getOrDefault("workingDir", ".")));
		Map<String, InputTemplate> env = new LinkedHashMap<>();
		ParamValues.stringMap(params.get("env")).forEach((name, value) -> {
			if (!settings.envAllowed().contains(name) || "PATH".equals(name)) {
				throw invalid("params.env." + name, "cannot be set: a job may only set the variables of "
						+ "workpool.tasks.command.env-allowed, except PATH");
			}
			env.put(name, InputTemplate.of(value));
		});
		Duration timeout = ParamValues.duration(CommandTask.NAME, "params.timeout", params.get("timeout"),
				DEFAULT_TIMEOUT, MAX_TIMEOUT);
		boolean failOnNonZeroExit = ParamValues.bool(params.get("failOnNonZeroExit"), true);
		return new CommandParams(executable.toString(), args, workingDir, env, timeout, failOnNonZeroExit);
	}

	private static Path workingDir(String dir) {
		if (dir.isEmpty() || dir.startsWith("/") || dir.indexOf('\0') >= 0 || dir.indexOf('\\') >= 0) {
			throw invalid("params.workingDir", "must be a relative path under workpool.tasks.command.working-dir");
		}
		for (String segment : dir.split("/")) {
			if ("..".equals(segment)) {
				throw invalid("params.workingDir",
						"must not contain '..': it stays under workpool.tasks.command.working-dir");
			}
		}
		return Path.of(dir).normalize();
	}

	private static InvalidTaskArgumentException invalid(String field, String problem) {
		return new InvalidTaskArgumentException(CommandTask.NAME, field, problem);
	}

}
