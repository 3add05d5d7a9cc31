package dev.workpool.embeddeddb;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTest {

	@Test
	void aPickedPortIsFreeAndBelowTheEphemeralRangeOutgoingConnectionsUse() throws IOException {
		int ephemeralStart = FreePorts.ephemeralRangeStart(FreePorts.EPHEMERAL_RANGE);
		for (int i = 0; i < 20; i++) {
			int port = FreePorts.pick();
			assertThat(port).isBetween(FreePorts.LOWEST, ephemeralStart - 1);
			try (ServerSocket socket = new ServerSocket(port)) {
				assertThat(socket.getLocalPort()).isEqualTo(port);
			}
		}
	}

	@Test
	void aPortSomeoneListensOnIsNotFree() throws IOException {
		try (ServerSocket taken = new ServerSocket(0)) {
			assertThat(FreePorts.isFree(taken.getLocalPort())).isFalse();
		}
	}

	@Test
	void theEphemeralRangeStartIsReadFromTheKernelsFileOrDefaults(@TempDir Path dir) throws IOException {
		Path range = dir.resolve("ip_local_port_range");
		Files.writeString(range, "40000\t60999\n");
		assertThat(FreePorts.ephemeralRangeStart(range)).isEqualTo(40000);
		Files.writeString(range, "not a range\n");
		assertThat(FreePorts.ephemeralRangeStart(range)).isEqualTo(FreePorts.DEFAULT_EPHEMERAL_START);
		assertThat(FreePorts.ephemeralRangeStart(dir.resolve("missing"))).isEqualTo(FreePorts.DEFAULT_EPHEMERAL_START);
	}

}
