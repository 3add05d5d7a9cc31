package dev.workpool.api;

import java.util.List;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.json.JsonMapper;

import dev.workpool.jobs.InputSpool;
import dev.workpool.jobs.JobInputs;

/**
 * Reads a job's {@code inputs} array straight from the request body into an
 * {@link InputSpool}, one element at a time, copying tokens without building objects: a
 * request with a million inputs costs the same memory as one with ten. Anything but an
 * array is a type mismatch on {@code inputs}, reported like any other.
 */
class InputsDeserializer extends ValueDeserializer<JobInputs> {

	private static final ObjectWriter SPOOL_WRITER = JsonMapper.shared().writer().withRootValueSeparator("\n");

	@Override
	public JobInputs deserialize(JsonParser parser, DeserializationContext context) {
		if (!parser.isExpectedStartArrayToken()) {
			return (JobInputs) context.handleUnexpectedToken(context.constructType(List.class), parser);
		}
		InputSpool spool = new InputSpool();
		boolean complete = false;
		try (JsonGenerator out = SPOOL_WRITER.createGenerator(spool.output())) {
			int count = 0;
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				out.copyCurrentStructure(parser);
				count++;
			}
			out.flush();
			spool.finish(count);
			complete = true;
			return spool;
		}
		finally {
			if (!complete) {
				spool.close();
			}
		}
	}

}
