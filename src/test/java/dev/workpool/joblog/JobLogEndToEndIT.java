package dev.workpool.joblog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.workpool.testsupport.ApiClient;
import dev.workpool.testsupport.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared job log through the public API only: workers of a job append to one log
 * under the lock, task output lands in it before results, the scheduler's own events too.
 */
@IntegrationTest
class JobLogEndToEndIT {

	@LocalServerPort
	int port;

	ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void echoWithParamsLogWritesEveryInputOnceIntactAndInSequenceFromSeveralWorkers() {
		int n = 600;
		String inputs = IntStream.range(0, n)
			.mapToObj((i) -> "\"entry-" + i + ((i % 50 == 0) ? "\\nsecond line\\\\" : "") + "\"")
			.collect(Collectors.joining(","));
		long id = this.api.submit("""
				{"task":"echo","params":{"log":true},"inputs":[%s],"parallelism":4}""".formatted(inputs));
		this.api.awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED");

		List<LogLine> lines = lines(id);

		assertThat(lines).allSatisfy((line) -> assertThat(line.checksumOk()).isTrue());
		assertThat(lines).extracting(LogLine::seq)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, lines.size()).mapToObj(Long::valueOf).toList());
		List<String> echoed = lines.stream()
			.filter((l) -> l.taskIndex() != null && l.level().equals("INFO"))
			.map(LogLine::message)
			.toList();
		Set<String> expected = new HashSet<>();
		for (int i = 0; i < n; i++) {
			expected.add("entry-" + i + ((i % 50 == 0) ? "\nsecond line\\" : ""));
		}
		assertThat(echoed).hasSize(n).doesNotHaveDuplicates();
		assertThat(new HashSet<>(echoed)).isEqualTo(expected);
		assertThat(lines.stream().map(LogLine::pid).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(3);
		assertThat(lines).anySatisfy((l) -> assertThat(l.message()).startsWith("job started"));
		assertThat(lines).anySatisfy((l) -> assertThat(l.message()).isEqualTo("job finished: SUCCEEDED"));
	}

	@Test
	void whatTasksPrintIsInTheJobLogBeforeTheirResultsIncludingAPartialLastLine() {
		long id = this.api.submit("""
				{"task":"chatty","inputs":[{"lines":3,"rawBytes":10},{"lines":2,"rawBytes":0}],"parallelism":2}""");
		this.api.awaitStatus(id, Duration.ofSeconds(60), "SUCCEEDED");

		List<LogLine> lines = lines(id);

		assertThat(lines).filteredOn((l) -> l.level().equals("STDOUT"))
			.extracting(LogLine::message)
			.containsExactlyInAnyOrder("out 0 line 0", "out 0 line 1", "out 0 line 2", "xxxxxxxxxx", "out 1 line 0",
					"out 1 line 1");
		assertThat(lines).filteredOn((l) -> l.level().equals("STDERR"))
			.extracting(LogLine::message)
			.containsExactlyInAnyOrder("err 0", "err 1");
	}

	@Test
	void aTaskPrinting10MegabytesWithoutNewlinesNeitherBlocksNorLosesOutput() {
		int bytes = 10 * 1024 * 1024;
		long id = this.api.submit("""
				{"task":"chatty","inputs":[{"lines":0,"rawBytes":%d}],"parallelism":1}""".formatted(bytes));
		this.api.awaitStatus(id, Duration.ofSeconds(120), "SUCCEEDED");

		long printed = lines(id).stream()
			.filter((l) -> l.level().equals("STDOUT"))
			.peek((l) -> assertThat(l.message()).matches("x+"))
			.mapToLong((l) -> l.message().length())
			.sum();
		assertThat(printed).isEqualTo(bytes);
	}

	private List<LogLine> lines(long jobId) {
		ApiClient.Response response = this.api.get("/api/v1/jobs/" + jobId + "/log");
		assertThat(response.status()).isEqualTo(200);
		List<LogLine> lines = new ArrayList<>();
		for (String text : response.body().split("\n")) {
			if (!text.isEmpty()) {
				lines.add(LogLine.parse(text));
			}
		}
		return lines;
	}

}
