package dev.workpool.embeddeddb;

import ch.vorburger.exec.ManagedProcessException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMariaDbTest {

	@Test
	void aServerThatCouldNotBindItsPortIsToldApartFromOtherStartFailures() {
		ManagedProcessException bindFailed = new ManagedProcessException(
				"Database does not seem to have started up correctly? Magic string not seen in 60000ms: "
						+ ": ready for connections., last 100 lines of console:\n"
						+ "2026-11-26 21:07:44 0 [ERROR] Can't start server: Bind on TCP/IP port. "
						+ "Got error: 98: Address already in use\n");
		ManagedProcessException otherFailure = new ManagedProcessException(
				"Database does not seem to have started up correctly? Magic string not seen in 60000ms: "
						+ ": ready for connections., last 100 lines of console:\n"
						+ "2026-11-26 21:07:44 0 [ERROR] InnoDB: Cannot open datafile './ibdata1'\n");

		assertThat(EmbeddedMariaDb.mentionsPortTaken(bindFailed)).isTrue();
		assertThat(EmbeddedMariaDb.mentionsPortTaken(new IllegalStateException("wrapped", bindFailed))).isTrue();
		assertThat(EmbeddedMariaDb.mentionsPortTaken(otherFailure)).isFalse();
	}

}
