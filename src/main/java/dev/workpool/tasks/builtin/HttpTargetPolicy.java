package dev.workpool.tasks.builtin;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which targets {@code http} tasks may call (SSRF protection). At submission the URL's
 * host and port must match an entry of {@value #PROPERTY}: an exact name, a
 * {@code *.example.com} wildcard (any name below that domain) or an IP address, each with
 * an optional {@code :port}. Before each request the resolved addresses are checked too:
 * loopback, link-local, cloud metadata, any-local, "this network" (0/8), broadcast and
 * multicast addresses are refused unless the matching entry is that IP address itself, or
 * {@code localhost} for loopback addresses.
 */
final class HttpTargetPolicy {

	static final String PROPERTY = "workpool.tasks.http.allowed-hosts";

	private static final Pattern HOST_NAME = Pattern
		.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

	private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

	private static final Set<String> METADATA = Set.of("169.254.169.254", "169.254.170.2", "100.100.100.200",
			"fd00:ec2:0:0:0:0:0:254");

	private final List<Entry> entries;

	private HttpTargetPolicy(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	/**
	 * The policy of the given allowed-hosts entries.
	 * @throws IllegalArgumentException naming the property and the bad entry
	 */
	static HttpTargetPolicy of(List<String> allowedHosts) {
		List<Entry> entries = new ArrayList<>();
		for (String raw : allowedHosts) {
			try {
				entries.add(Entry.parse(raw.trim()));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(PROPERTY + ": '" + raw + "' " + ex.getMessage(), ex);
			}
		}
		return new HttpTargetPolicy(entries);
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/**
	 * The first entry allowing {@code host} (lower case, no brackets) and port, or null.
	 */
	Entry match(String host, int port) {
		InetAddress ip = ipLiteral(host);
		for (Entry entry : this.entries) {
			if (entry.matches(host, ip, port)) {
				return entry;
			}
		}
		return null;
	}

	/**
	 * Refuses the call when one of the addresses {@code host} resolved to is forbidden
	 * and {@code entry} does not name it literally.
	 * @throws TargetRefusedException naming the host, the address and why
	 */
	static void checkAddresses(Entry entry, String host, List<InetAddress> addresses) {
		for (InetAddress address : addresses) {
			String reason = forbidden(address);
			if (reason != null && !entry.exempts(address)) {
				throw new TargetRefusedException(host + " resolves to " + address.getHostAddress() + ", " + reason
						+ "; only an allowed-hosts entry naming that address literally (or localhost, for loopback)"
						+ " permits it (SSRF protection; allowed by entry '" + entry.text() + "')");
			}
		}
	}

	/** Why {@code address} is not called unless listed literally, or null. */
	static String forbidden(InetAddress address) {
		InetAddress a = embeddedIpv4(address);
		if (a.isAnyLocalAddress()) {
			return "an any-local address";
		}
		if (a.isLoopbackAddress()) {
			return "a loopback address";
		}
		if (METADATA.contains(a.getHostAddress())) {
			return "a cloud metadata address";
		}
		if (a.isLinkLocalAddress()) {
			return "a link-local address";
		}
		if (a.isMulticastAddress()) {
			return "a multicast address";
		}
		byte[] bytes = a.getAddress();
		if (a instanceof Inet4Address && bytes[0] == 0) {
			return "a 'this network' address (0.0.0.0/8)";
		}
		if (a instanceof Inet4Address && Arrays.equals(bytes, new byte[] { -1, -1, -1, -1 })) {
			return "the broadcast address";
		}
		return null;
	}

	/**
	 * The address of an IP literal ({@code 10.0.0.1}, {@code ::1}, lower case without
	 * brackets), or null for a name. Never asks DNS.
	 */
	static InetAddress ipLiteral(String host) {
		try {
			if (IPV4.matcher(host).matches()) {
				byte[] bytes = new byte[4];
				String[] parts = host.split("\\.");
				for (int i = 0; i < 4; i++) {
					int part = Integer.parseInt(parts[i]);
					if (part > 255) {
						return null;
					}
					bytes[i] = (byte) part;
				}
				return InetAddress.getByAddress(bytes);
			}
			if (IPV6.matcher(host).matches()) {
				return InetAddress.getByName(host);
			}
		}
		catch (UnknownHostException | NumberFormatException ex) {
			return null;
		}
		return null;
	}

	static boolean isHostName(String host) {
		return HOST_NAME.matcher(host).matches();
	}

	/** IPv4-mapped and IPv4-compatible IPv6 addresses as the IPv4 address they carry. */
	private static InetAddress embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return address;
		}
		byte[] b = address.getAddress();
		for (int i = 0; i < 10; i++) {
			if (b[i] != 0) {
				return address;
			}
		}
		boolean mapped = b[10] == -1 && b[11] == -1;
		boolean compatible = b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
		if (!mapped && !compatible) {
			return address;
		}
		try {
			return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	/**
	 * One allowed-hosts entry.
	 *
	 * @param name a host name or the domain of a wildcard (null for an IP address)
	 * @param ip the IP address (null for a name)
	 * @param wildcard whether {@code name} allows every name below it
	 * @param port the only port allowed, or -1 for any
	 * @param text the entry as configured
	 */
	record Entry(String name, InetAddress ip, boolean wildcard, int port, String text) {

		static Entry parse(String text) {
			HostPort hostPort = HostPort.parse(text.toLowerCase(Locale.ROOT));
			String host = hostPort.host();
			boolean wildcard = host.startsWith("*.");
			String name = wildcard ? host.substring(2) : host;
			InetAddress ip = wildcard ? null : ipLiteral(name);
			if (ip == null && !isHostName(name)) {
				throw new IllegalArgumentException(
						"is not a host name, a *.domain wildcard or an IP address (optionally with :port)");
			}
			return new Entry((ip != null) ? null : name, ip, wildcard, hostPort.port(), text);
		}

		boolean matches(String host, InetAddress hostIp, int port) {
			if (this.port != -1 && this.port != port) {
				return false;
			}
			if (this.ip != null || hostIp != null) {
				return this.ip != null && this.ip.equals(hostIp);
			}
			return this.wildcard ? host.endsWith("." + this.name) : host.equals(this.name);
		}

		/**
		 * Whether this entry names {@code address} literally (or is localhost for it).
		 */
		boolean exempts(InetAddress address) {
			if (this.ip != null) {
				return this.ip.equals(address);
			}
			return !this.wildcard && "localhost".equals(this.name) && address.isLoopbackAddress();
		}

	}

}
