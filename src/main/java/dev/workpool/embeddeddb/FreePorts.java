package dev.workpool.embeddeddb;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a TCP port for a server that binds it a moment later. The port comes from below
 * the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}), from which
 * outgoing connections take their local ports: between the pick and the bind, only
 * another listener can take it, never a connection some process opens meanwhile. (A port
 * from {@code new ServerSocket(0)} is in that range, and on a busy machine a JDBC or HTTP
 * client took one before the server bound it.)
 */
public final class FreePorts {

	static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	/** Linux's default start of the ephemeral range. */
	static final int DEFAULT_EPHEMERAL_START = 32768;

	/** Lowest port picked: above the well-known and most registered service ports. */
	static final int LOWEST = 10_000;

	private static final int ATTEMPTS = 100;

	private FreePorts() {
	}

	/**
	 * A port no socket is bound to now, below the ephemeral range; a port from the
	 * ephemeral range only when that range leaves no room below it.
	 * @return a port in 1..65535
	 */
	public static int pick() {
		int end = ephemeralRangeStart(EPHEMERAL_RANGE);
		if (end - LOWEST >= 1000) {
			for (int i = 0; i < ATTEMPTS; i++) {
				int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
				if (isFree(port)) {
					return port;
				}
			}
		}
		return anyFree();
	}

	/**
	 * The first port of the ephemeral range written in {@code rangeFile} ("low high"), or
	 * {@value #DEFAULT_EPHEMERAL_START} if it cannot be read.
	 */
	static int ephemeralRangeStart(Path rangeFile) {
		// read as a stream: procfs reports size 0, and under gVisor Files.readString then
		// returns the first byte only
		try (BufferedReader reader = Files.newBufferedReader(rangeFile)) {
			String[] bounds = String.valueOf(reader.readLine()).trim().split("\\s+");
			int start = Integer.parseInt(bounds[0]);
			return (start > 0 && start <= 65535) ? start : DEFAULT_EPHEMERAL_START;
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

	/** Whether a listener could bind {@code port} on every address now. */
	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int anyFree() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free TCP port: " + ex.getMessage(), ex);
		}
	}

}
