package dev.workpool.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputSpoolTest {

	@TempDir
	Path dir;

	@Test
	void smallInputsStayInMemoryAndReadBackInOrderAsOftenAsNeeded() throws IOException {
		InputSpool spool = new InputSpool(this.dir);
		write(spool, "\"a\"", "{\"x\":[1,2]}", "null");

		assertThat(spool.inFile()).isFalse();
		assertThat(spool.size()).isEqualTo(3);
		assertThat(texts(spool)).containsExactly("\"a\"", "{\"x\":[1,2]}", "null");
		assertThat(texts(spool)).containsExactly("\"a\"", "{\"x\":[1,2]}", "null");
	}

	@Test
	void inputsBeyondTheMemoryLimitGoToAFileThatIsDeletedAtOnce() throws IOException {
		int n = 300_000;
		String[] inputs = new String[n];
		for (int i = 0; i < n; i++) {
			inputs[i] = "{\"n\":" + i + "}";
		}
		InputSpool spool = new InputSpool(this.dir);
		write(spool, inputs);

		assertThat(spool.inFile()).isTrue();
		try (Stream<Path> files = Files.list(this.dir)) {
			assertThat(files).as("the spool file is unlinked while still in use").isEmpty();
		}
		for (int pass = 0; pass < 2; pass++) {
			AtomicInteger expected = new AtomicInteger();
			spool.forEach((index, json) -> {
				assertThat(index).isEqualTo(expected.get());
				assertThat(json).isEqualTo("{\"n\":" + expected.getAndIncrement() + "}");
			});
			assertThat(expected.get()).isEqualTo(n);
		}
		spool.close();
		spool.close();
	}

	@Test
	void readingBeforeTheWriterFinishedIsAnError() {
		InputSpool spool = new InputSpool(this.dir);

		assertThatThrownBy(spool::size).isInstanceOf(IllegalStateException.class);
	}

	private static void write(InputSpool spool, String... inputs) throws IOException {
		OutputStream out = spool.output();
		for (int i = 0; i < inputs.length; i++) {
			if (i > 0) {
				out.write('\n');
			}
			out.write(inputs[i].getBytes(StandardCharsets.UTF_8));
		}
		spool.finish(inputs.length);
	}

	private static List<String> texts(InputSpool spool) {
		List<String> texts = new ArrayList<>();
		spool.forEach((index, json) -> texts.add(json));
		return texts;
	}

}
