package dev.workpool.tasks.builtin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;
import dev.workpool.tasks.spi.TaskExample;

/**
 * {@code command}: runs an operator-allowed executable once per input, with arguments
 * templated from the input (no shell unless the allowed executable is one), in a working
 * directory under the configured base, with only the allowed environment variables. Its
 * stdout and stderr go line by line to the job log (levels STDOUT and STDERR, through the
 * worker's output capture) and, capped, into the result. On timeout or cancel the whole
 * process tree is killed. Disabled until {@code workpool.tasks.command.allowed} lists an
 * executable.
 */
public final class CommandTask implements Task {

	static final String NAME = "command";

	/** Between SIGTERM and SIGKILL. */
	static final Duration KILL_GRACE = Duration.ofSeconds(1);

	/** How long the output streams may stay open after the program ended. */
	private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

	private CommandSettings settings = CommandSettings.from(Map.of());

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Runs an allowed executable once per input (args templated from the input, no shell), capturing"
				+ " exit code, stdout and stderr; disabled until workpool.tasks.command.allowed lists executables.";
	}

	@Override
	public String paramsSchema() {
		return CommandSchema.PARAMS;
	}

	@Override
	public TaskExample example() {
		return new TaskExample(Map.of("executable", "echo", "args", List.of("hello", "{input}")),
				List.of("alpha", "beta"));
	}

	@Override
	public void configure(Map<String, Object> settings) {
		this.settings = CommandSettings.from(settings);
	}

	@Override
	public void validateParams(Map<String, Object> params) {
		CommandParams.from(params, this.settings);
	}

	@Override
	public Object run(Object input, TaskContext context) throws IOException, InterruptedException {
		CommandParams params = CommandParams.from(context.params(), this.settings);
		List<String> command = new ArrayList<>();
		command.add(Executables.resolve(params.executable()));
		params.args().forEach((arg) -> command.add(arg.expand(input)));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir(params).toFile());
		Map<String, String> env = builder.environment();
		env.clear();
		this.settings.envAllowed()
			.stream()
			.filter((name) -> System.getenv(name) != null)
			.forEach((name) -> env.put(name, System.getenv(name)));
		params.env().forEach((name, value) -> env.put(name, value.expand(input)));

		long start = System.nanoTime();
		ProcessTree tree = new ProcessTree(builder.start());
		tree.process().getOutputStream().close();
		PrintStream out = System.out;
		PrintStream err = System.err;
		long max = this.settings.maxOutputBytes();
		String pid = String.valueOf(tree.process().pid());
		OutputPump stdout = OutputPump.start(tree.process().getInputStream(), max, out::println, "stdout-" + pid);
		OutputPump stderr = OutputPump.start(tree.process().getErrorStream(), max, err::println, "stderr-" + pid);
		boolean exited;
		try {
			exited = tree.waitFor(start + params.timeout().toNanos(), context::isCancelled);
		}
		catch (InterruptedException ex) {
			stop(tree, stdout, stderr);
			throw ex;
		}
		if (!exited) {
			int killed = stop(tree, stdout, stderr);
			String what = params.executable() + " (pid " + pid + ") and its process tree (" + killed
					+ " processes) were killed";
			if (context.isCancelled()) {
				throw new CancellationException("cancelled: " + what);
			}
			throw new CommandTimeoutException("timed out after " + params.timeout() + ": " + what);
		}
		// background processes do not outlive the program (nor hold its output open)
		tree.killLeftovers(KILL_GRACE);
		stdout.join(DRAIN_GRACE);
		stderr.join(DRAIN_GRACE);
		int exitCode = tree.process().exitValue();
		if (exitCode != 0 && params.failOnNonZeroExit()) {
			throw new CommandFailedException(
					"exit code " + exitCode + " from " + params.executable() + "; stderr ends with:\n" + stderr.tail());
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("exitCode", exitCode);
		result.put("stdout", stdout.text());
		result.put("stderr", stderr.text());
		result.put("truncated", stdout.truncated() || stderr.truncated());
		result.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
		return result;
	}

	private Path workingDir(CommandParams params) throws IOException {
		Path base = this.settings.workingDir();
		Path dir = base.resolve(params.workingDir()).normalize();
		Files.createDirectories(dir);
		if (!dir.toRealPath().startsWith(base.toRealPath())) {
			throw new CommandFailedException("working directory " + params.workingDir()
					+ " leads outside workpool.tasks.command.working-dir (through a symbolic link)");
		}
		return dir;
	}

	private static int stop(ProcessTree tree, OutputPump stdout, OutputPump stderr) {
		int killed = tree.kill(KILL_GRACE);
		stdout.join(DRAIN_GRACE);
		stderr.join(DRAIN_GRACE);
		return killed;
	}

}
