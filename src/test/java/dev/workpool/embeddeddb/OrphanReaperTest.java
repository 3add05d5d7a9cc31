package dev.workpool.embeddeddb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs real, harmless processes ({@code sleep}) to check that the reaper leaves unrelated
 * processes alone and escalates to a kill when asked to stop one that ignores SIGTERM.
 */
class OrphanReaperTest {

	@TempDir
	Path tmp;

	private Process process;

	@AfterEach
	void killProcess() {
		if (this.process != null) {
			this.process.destroyForcibly();
		}
	}

	@Test
	void anUnrelatedProcessWhosePidIsInThePidFileIsLeftAlone() throws IOException {
		this.process = new ProcessBuilder("sleep", "60").start();
		Path dataDir = Files.createDirectories(this.tmp.resolve("db"));
		Path pidFile = dataDir.resolve(EmbeddedMariaDb.PID_FILE);
		Files.writeString(pidFile, this.process.pid() + "\n");
		OrphanReaper reaper = new OrphanReaper(dataDir, pidFile, Duration.ofSeconds(1));

		assertThat(reaper.findServers()).isEmpty();
		assertThat(reaper.reap()).isEmpty();
		assertThat(this.process.isAlive()).isTrue();
	}

	@Test
	void noServerIsFoundForANewDataDir() {
		Path dataDir = this.tmp.resolve("db");
		OrphanReaper reaper = new OrphanReaper(dataDir, dataDir.resolve(EmbeddedMariaDb.PID_FILE),
				Duration.ofSeconds(1));
		assertThat(reaper.findServers()).isEmpty();
		assertThat(reaper.ownServerRunning()).isFalse();
	}

	@Test
	void stopKillsAProcessThatIgnoresSigterm() throws IOException {
		this.process = new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 60").start();
		OrphanReaper reaper = new OrphanReaper(this.tmp, this.tmp.resolve("x.pid"), Duration.ofMillis(300));

		assertThat(reaper.stop(this.process.toHandle())).isTrue();
		assertThat(this.process.isAlive()).isFalse();
	}

	@Test
	void stopEndsAProcessThatHonoursSigterm() throws IOException {
		this.process = new ProcessBuilder("sleep", "60").start();
		OrphanReaper reaper = new OrphanReaper(this.tmp, this.tmp.resolve("x.pid"), Duration.ofSeconds(10));

		assertThat(reaper.stop(this.process.toHandle())).isTrue();
		assertThat(this.process.isAlive()).isFalse();
	}

}
