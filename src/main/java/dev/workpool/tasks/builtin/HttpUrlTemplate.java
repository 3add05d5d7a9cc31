package dev.workpool.tasks.builtin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code params.url} template of an {@code http} job. Its scheme ({@code http} or
 * {@code https}), host and port are literal — placeholders may only follow them, in the
 * path or query, where their values are percent-encoded — so the target is known, and
 * checked against the allowed hosts, at submission.
 *
 * @param template the whole URL template
 * @param scheme {@code http} or {@code https}
 * @param host the host, lower case, without brackets
 * @param port the port, explicit or the scheme's default
 */
record HttpUrlTemplate(InputTemplate template, String scheme, String host, int port) {

	/**
	 * @throws IllegalArgumentException with the problem
	 */
	static HttpUrlTemplate parse(String url) {
		String lower = url.toLowerCase(Locale.ROOT);
		String scheme = lower.startsWith("https://") ? "https" : lower.startsWith("http://") ? "http" : null;
		if (scheme == null) {
			throw new IllegalArgumentException("must start with http:// or https:// (literally)");
		}
		String rest = url.substring(scheme.length() + 3);
		int end = 0;
		while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
			end++;
		}
		String authority = rest.substring(0, end).toLowerCase(Locale.ROOT);
		if (authority.indexOf('{') >= 0 || authority.indexOf('}') >= 0) {
			throw new IllegalArgumentException(
					"must name its host and port literally: placeholders may only follow them, in the path or query");
		}
		if (authority.indexOf('@') >= 0) {
			throw new IllegalArgumentException("must not contain user info (user:password@)");
		}
		HostPort hostPort = HostPort.parse(authority);
		String host = hostPort.host();
		if (HttpTargetPolicy.ipLiteral(host) == null && !HttpTargetPolicy.isHostName(host)) {
			throw new IllegalArgumentException("has an invalid host '" + host + "'");
		}
		int port = (hostPort.port() != -1) ? hostPort.port() : ("https".equals(scheme) ? 443 : 80);
		HttpUrlTemplate template = new HttpUrlTemplate(InputTemplate.of(url), scheme, host, port);
		template.toUri(template.template().fill((name) -> "x"));
		return template;
	}

	/**
	 * The URL for one input; placeholder values are percent-encoded.
	 * @throws TemplateException when the input lacks a field the template names
	 */
	URI expand(Object input) {
		return toUri(this.template.expand(input, InputTemplate::urlEncode));
	}

	private URI toUri(String url) {
		try {
			URI uri = new URI(url);
			if (uri.getHost() == null) {
				throw new IllegalArgumentException("is not a valid URL: it has no host");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("is not a valid URL: " + ex.getMessage());
		}
	}

}
