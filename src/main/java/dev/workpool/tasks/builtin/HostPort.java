package dev.workpool.tasks.builtin;

/**
 * A host with an optional port: {@code name}, {@code name:80}, {@code 10.0.0.1:80},
 * {@code [::1]:80}, or a bare IPv6 address ({@code ::1}, no port).
 *
 * @param host the host, without brackets or a trailing dot
 * @param port the port, or -1 when none is given
 */
record HostPort(String host, int port) {

	/**
	 * @throws IllegalArgumentException with the problem
	 */
	static HostPort parse(String text) {
		String host = text;
		String port = null;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				throw new IllegalArgumentException("has an unclosed '['");
			}
			host = text.substring(1, close);
			String rest = text.substring(close + 1);
			if (!rest.isEmpty()) {
				if (!rest.startsWith(":")) {
					throw new IllegalArgumentException("has text after ']' that is not a :port");
				}
				port = rest.substring(1);
			}
		}
		else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
			host = text.substring(0, text.indexOf(':'));
			port = text.substring(text.indexOf(':') + 1);
		}
		if (host.endsWith(".")) {
			host = host.substring(0, host.length() - 1);
		}
		if (host.isEmpty()) {
			throw new IllegalArgumentException("has no host");
		}
		return new HostPort(host, (port != null) ? port(port) : -1);
	}

	private static int port(String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 1 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException("has a port that is not a number from 1 to 65535: '" + text + "'");
	}

}
