package dev.workpool.tasks.builtin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

/**
 * A text with placeholders filled from one input: {@code {name}} is the input object's
 * field {@code name} ({@code {a.b}} a nested one), {@code {input}} the whole input. A
 * string is inserted as is, {@code null} as nothing, any other value as its JSON text.
 * Braces that do not enclose such a name (JSON bodies) are plain text.
 */
final class InputTemplate {

	/** The whole input. */
	static final String INPUT = "input";

	private static final Pattern PLACEHOLDER = Pattern
		.compile("\\{([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String text;

	private InputTemplate(String text) {
		this.text = text;
	}

	static InputTemplate of(String text) {
		return new InputTemplate(text);
	}

	String text() {
		return this.text;
	}

	/** The placeholder names, in order of appearance. */
	List<String> placeholders() {
		List<String> names = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(this.text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** Whether {@code part} of the text holds a placeholder. */
	static boolean hasPlaceholder(String part) {
		return PLACEHOLDER.matcher(part).find();
	}

	/** The text with every placeholder replaced by its value, inserted as is. */
	String expand(Object input) {
		return expand(input, UnaryOperator.identity());
	}

	/**
	 * The text with every placeholder replaced by {@code encode} of its value.
	 * @throws TemplateException when the input lacks a field the template names
	 */
	String expand(Object input, UnaryOperator<String> encode) {
		return fill((name) -> encode.apply(text(value(input, name))));
	}

	/** The text with each placeholder replaced by {@code replacement} of its name. */
	String fill(UnaryOperator<String> replacement) {
		Matcher matcher = PLACEHOLDER.matcher(this.text);
		StringBuilder result = new StringBuilder();
		int last = 0;
		while (matcher.find()) {
			result.append(this.text, last, matcher.start());
			result.append(replacement.apply(matcher.group(1)));
			last = matcher.end();
		}
		return result.append(this.text, last, this.text.length()).toString();
	}

	/**
	 * RFC 3986 percent-encoding of everything but the unreserved characters, so a value
	 * cannot add a path segment, a query or a fragment to a URL, nor change its host.
	 */
	static String urlEncode(String value) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return encoded.toString();
	}

	private Object value(Object input, String name) {
		if (INPUT.equals(name)) {
			return input;
		}
		Object value = input;
		for (String field : name.split("\\.")) {
			if (!(value instanceof Map<?, ?> object)) {
				throw new TemplateException("template '" + this.text + "' needs field '" + name
						+ "' but the input is not an object with it");
			}
			if (!object.containsKey(field)) {
				throw new TemplateException("template '" + this.text + "' needs field '" + name
						+ "' but the input has no field '" + field + "'");
			}
			value = object.get(field);
		}
		return value;
	}

	private static String text(Object value) {
		if (value == null) {
			return "";
		}
		return (value instanceof String string) ? string : JSON.writeValueAsString(value);
	}

}
