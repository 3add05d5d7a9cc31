package dev.workpool.tasks.builtin;

/** The params schema of the {@code http} task type. */
final class HttpSchema {

	static final String PARAMS = """
			{"type": "object", "additionalProperties": false, "required": ["url"],
			 "properties": {
			   "method": {"enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], "default": "GET"},
			   "url": {"type": "string", "minLength": 1, "maxLength": 8000,
			           "description": "URL template: http(s)://host[:port]/path?query with {field} (or {input}) placeholders,\
			 percent-encoded, only after the host and port, which must be in workpool.tasks.http.allowed-hosts."},
			   "headers": {"type": "object", "additionalProperties": {"type": "string"}, "default": {},
			               "description": "Header name to value template."},
			   "body": {"type": "string", "description": "Body template (values inserted as is)."},
			   "bodyFromInput": {"type": "boolean", "default": false,
			                     "description": "Send the input as JSON (Content-Type application/json unless set)."},
			   "timeout": {"type": "string", "default": "PT10S",
			               "description": "Per request, until the response headers arrive; ISO-8601, at most PT5M."},
			   "retry": {"type": "object", "additionalProperties": false,
			             "default": {"maxAttempts": 3, "initialBackoff": "PT0.2S", "multiplier": 2, "maxBackoff": "PT5S"},
			             "description": "Retries of 5xx answers and network errors (connect failures, timeouts).",
			             "properties": {
			               "maxAttempts": {"type": "integer", "minimum": 1, "maximum": 10},
			               "initialBackoff": {"type": "string"},
			               "multiplier": {"type": "number", "minimum": 1, "maximum": 10},
			               "maxBackoff": {"type": "string"}}}}}
			""";

	private HttpSchema() {
	}

}
