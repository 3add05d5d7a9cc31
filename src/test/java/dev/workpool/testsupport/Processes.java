package dev.workpool.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

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

	/** Threads of the process. */
	public static int threads(long pid) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
			return (int) tasks.count();
		}
	}

	/**
	 * The process's established TCP connections: its database connections (a worker has
	 * no others; jcmd's attach socket is a Unix socket).
	 */
	public static long establishedTcpConnections(long pid) throws IOException {
		Set<String> established = new HashSet<>();
		for (String table : List.of("tcp", "tcp6")) {
			Path path = Path.of("/proc", String.valueOf(pid), "net", table);
			if (Files.exists(path)) {
				// sl local rem st tx:rx tr:when retrnsmt uid timeout inode; st 01 =
				// ESTABLISHED
				Files.readAllLines(path)
					.stream()
					.skip(1)
					.map((line) -> line.trim().split("\\s+"))
					.filter((fields) -> "01".equals(fields[3]))
					.forEach((fields) -> established.add("socket:[" + fields[9] + "]"));
			}
		}
		try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
			return fds.filter((fd) -> {
				try {
					return established.contains(Files.readSymbolicLink(fd).toString());
				}
				catch (IOException ex) {
					return false; // closed meanwhile
				}
			}).count();
		}
	}

}
