package dev.workpool.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Facts about operating-system processes, read from /proc. A zombie counts as gone: it
 * has exited, and reaping it is its (new) parent's job.
 */
public final class Processes {

	private Processes() {
	}

	public static boolean isRunning(long pid) {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		try {
			String text = Files.readString(stat);
			int close = text.lastIndexOf(')');
			char state = text.charAt(close + 2);
			return state != 'Z' && state != 'X';
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/** Pids of live processes whose command line contains {@code fragment}. */
	public static List<Long> withCommandLineContaining(String fragment) {
		List<Long> pids = new ArrayList<>();
		ProcessHandle.allProcesses().forEach((p) -> {
			String cmdline = commandLine(p.pid());
			if (cmdline.contains(fragment) && isRunning(p.pid())) {
				pids.add(p.pid());
			}
		});
		return pids;
	}

	public static String commandLine(long pid) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

}
