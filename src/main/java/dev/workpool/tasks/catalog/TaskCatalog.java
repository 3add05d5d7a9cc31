package dev.workpool.tasks.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.tasks.spi.InvalidTaskArgumentException;
import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskRegistry;

/**
 * The task types a submission may name, with their schemas compiled once: checks a job's
 * params and inputs at submission (JSON Schema, then the type's own checks) and describes
 * every type for {@code GET /api/v1/task-types}. A type whose schema is not valid JSON
 * fails the service's start, naming the type.
 */
public final class TaskCatalog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private final TaskRegistry registry;

	private final Map<String, CompiledType> types = new LinkedHashMap<>();

	public TaskCatalog(TaskRegistry registry) {
		this.registry = registry;
		for (Task task : registry.all()) {
			this.types.put(task.name(), compile(task, registry.origin(task.name())));
		}
	}

	/** The registry behind this catalogue. */
	public TaskRegistry registry() {
		return this.registry;
	}

	/** Every task type, sorted by name. */
	public List<TaskTypeInfo> types() {
		return this.types.values().stream().map(CompiledType::info).toList();
	}

	/**
	 * The type called {@code name}.
	 * @throws dev.workpool.tasks.spi.UnknownTaskTypeException if there is none
	 */
	public TaskTypeInfo type(String name) {
		this.registry.get(name);
		return this.types.get(name).info();
	}

	/**
	 * Checks a job's params against its type and returns them with the schema's top-level
	 * defaults filled in.
	 * @throws dev.workpool.tasks.spi.UnknownTaskTypeException for an unknown type
	 * @throws InvalidTaskArgumentException naming the field ({@code params.<path>})
	 */
	public Map<String, Object> checkParams(String taskType, Map<String, Object> params) {
		Task task = this.registry.get(taskType);
		CompiledType type = this.types.get(taskType);
		Map<String, Object> given = (params != null) ? params : Map.of();
		firstError(taskType, "params", type.params(), JSON.valueToTree(given));
		Map<String, Object> effective = new LinkedHashMap<>(given);
		type.defaults().forEach(effective::putIfAbsent);
		task.validateParams(effective);
		return effective;
	}

	/**
	 * Checks one input against its type, without params.
	 * @throws InvalidTaskArgumentException naming the field ({@code inputs[<i>]…})
	 */
	public void checkInput(String taskType, int index, Object input) {
		checkInput(taskType, index, input, Map.of());
	}

	/**
	 * Checks one input against its type and the job's params, as returned by
	 * {@link #checkParams}.
	 * @throws InvalidTaskArgumentException naming the field ({@code inputs[<i>]…})
	 */
	public void checkInput(String taskType, int index, Object input, Map<String, Object> params) {
		Task task = this.registry.get(taskType);
		CompiledType type = this.types.get(taskType);
		if (type.input() != null) {
			firstError(taskType, "inputs[" + index + "]", type.input(), JSON.valueToTree(input));
		}
		task.validateInput(index, input, params);
	}

	private static void firstError(String taskType, String root, Schema schema, JsonNode value) {
		List<Error> errors = schema.validate(value);
		if (!errors.isEmpty()) {
			Error error = errors.get(0);
			throw new InvalidTaskArgumentException(taskType, SchemaErrors.field(root, error),
					SchemaErrors.problem(error));
		}
	}

	private static CompiledType compile(Task task, String origin) {
		Map<String, Object> params = parse(task, "paramsSchema", task.paramsSchema());
		Map<String, Object> input = parse(task, "inputSchema", task.inputSchema());
		TaskTypeInfo info = new TaskTypeInfo(task.name(), task.description(), origin, params, input, task.example());
		try {
			return new CompiledType(info, SCHEMAS.getSchema(JSON.valueToTree(params)),
					input.isEmpty() ? null : SCHEMAS.getSchema(JSON.valueToTree(input)), defaults(params));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(
					"Task type '" + task.name() + "' (" + origin + ") has an invalid schema: " + ex.getMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(Task task, String what, String schema) {
		try {
			Object value = JSON.readValue(schema, Object.class);
			if (value instanceof Map<?, ?> map) {
				return (Map<String, Object>) map;
			}
		}
		catch (RuntimeException ex) {
			// reported below
		}
		throw new IllegalStateException(
				"Task type '" + task.name() + "': " + what + "() must return a JSON Schema object, got: " + schema);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> defaults(Map<String, Object> paramsSchema) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (paramsSchema.get("properties") instanceof Map<?, ?> properties) {
			((Map<String, Object>) properties).forEach((name, property) -> {
				if (property instanceof Map<?, ?> map && map.containsKey("default")) {
					defaults.put(name, map.get("default"));
				}
			});
		}
		return Map.copyOf(defaults);
	}

	private record CompiledType(TaskTypeInfo info, Schema params, Schema input, Map<String, Object> defaults) {
	}

}
