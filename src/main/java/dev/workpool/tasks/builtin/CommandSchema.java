package dev.workpool.tasks.builtin;

/** The params schema of the {@code command} task type. */
final class CommandSchema {

	static final String PARAMS = """
			{"type": "object", "additionalProperties": false, "required": ["executable"],
			 "properties": {
			   "executable": {"type": "string", "minLength": 1,
			                  "description": "An entry of workpool.tasks.command.allowed (absolute path or bare name)."},
			   "args": {"type": "array", "items": {"type": "string"}, "default": [],
			            "description": "Argument templates: {field} or {input} placeholders, inserted as is. No shell."},
			   "workingDir": {"type": "string", "default": ".",
			                  "description": "Relative to workpool.tasks.command.working-dir (created if missing; no '..')."},
			   "env": {"type": "object", "additionalProperties": {"type": "string"}, "default": {},
			           "description": "Variables to set (value templates); only names in env-allowed, not PATH."},
			   "timeout": {"type": "string", "default": "PT20S",
			               "description": "ISO-8601; the program and its process tree are killed after it (max PT24H)."},
			   "failOnNonZeroExit": {"type": "boolean", "default": true}}}
			""";

	private CommandSchema() {
	}

}
