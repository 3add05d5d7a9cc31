package dev.workpool.tasks.catalog;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

/** Turns a JSON Schema validation error into a field path and a problem sentence. */
final class SchemaErrors {

	private SchemaErrors() {
	}

	/**
	 * The offending field as a path from {@code root}, e.g. {@code params.retry.max} or
	 * {@code inputs[3].name}; for a missing or unknown property, the property itself.
	 */
	static String field(String root, Error error) {
		StringBuilder path = new StringBuilder(root);
		NodePath location = error.getInstanceLocation();
		for (int i = 0; i < location.getNameCount(); i++) {
			append(path, location.getElement(i));
		}
		if (error.getProperty() != null && isAboutProperty(error.getKeyword())) {
			append(path, error.getProperty());
		}
		return path.toString();
	}

	/** The problem, without the location the message starts with. */
	static String problem(Error error) {
		String message = error.getMessage();
		String keyword = error.getKeyword();
		if ("required".equals(keyword)) {
			return "is required";
		}
		if ("additionalProperties".equals(keyword) || "unevaluatedProperties".equals(keyword)) {
			return "is not supported by this task type";
		}
		return (message != null) ? message : ("does not satisfy '" + keyword + "'");
	}

	private static boolean isAboutProperty(String keyword) {
		return "required".equals(keyword) || "additionalProperties".equals(keyword)
				|| "unevaluatedProperties".equals(keyword) || "dependentRequired".equals(keyword);
	}

	private static void append(StringBuilder path, Object element) {
		if (element instanceof Integer index) {
			path.append('[').append(index).append(']');
		}
		else {
			path.append('.').append(element);
		}
	}

}
