package dev.workpool.embeddeddb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ServerProcessTest {

	@TempDir
	Path tmp;

	@Test
	void mariadbdOnTheDataDirServesIt() {
		Path dataDir = this.tmp.resolve("db");
		assertThat(server("/opt/base/bin/mariadbd", "--no-defaults", "--datadir=" + dataDir).servesDataDir(dataDir))
			.isTrue();
		assertThat(server("/usr/sbin/mysqld", "--datadir=" + dataDir).servesDataDir(dataDir)).isTrue();
	}

	@Test
	void anotherExecutableNeverServesTheDataDir() {
		Path dataDir = this.tmp.resolve("db");
		assertThat(server("/usr/bin/sleep", "--datadir=" + dataDir).servesDataDir(dataDir)).isFalse();
		assertThat(server("/usr/bin/mariadbd-safe", "--datadir=" + dataDir).servesDataDir(dataDir)).isFalse();
	}

	@Test
	void mariadbdOnAnotherDataDirDoesNotServeIt() {
		Path dataDir = this.tmp.resolve("db");
		assertThat(server("/b/mariadbd", "--datadir=" + dataDir + "2").servesDataDir(dataDir)).isFalse();
		assertThat(server("/b/mariadbd", "--datadir=" + dataDir.getParent()).servesDataDir(dataDir)).isFalse();
		assertThat(server("/b/mariadbd", "--basedir=" + dataDir).servesDataDir(dataDir)).isFalse();
	}

	@Test
	void dataDirIsComparedWithLinksResolved() throws IOException {
		Path real = Files.createDirectories(this.tmp.resolve("real"));
		Path link = Files.createSymbolicLink(this.tmp.resolve("link"), real);
		assertThat(server("/b/mariadbd", "--datadir=" + real.toRealPath()).servesDataDir(link)).isTrue();
		assertThat(server("/b/mariadbd", "--datadir=" + link).servesDataDir(link)).isTrue();
	}

	@Test
	void pidFileIsReadWhenItHoldsANumber() throws IOException {
		Path pidFile = this.tmp.resolve("mariadbd.pid");
		assertThat(ServerProcess.readPidFile(pidFile)).isEmpty();
		Files.writeString(pidFile, "not a pid");
		assertThat(ServerProcess.readPidFile(pidFile)).isEmpty();
		Files.writeString(pidFile, "4242\n");
		assertThat(ServerProcess.readPidFile(pidFile)).contains(4242L);
	}

	@Test
	void theRunningJvmIsDescribed() {
		assertThat(ServerProcess.describe(ProcessHandle.current())).hasValueSatisfying((process) -> {
			assertThat(process.pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(process.command()).endsWith("java");
		});
	}

	private static ServerProcess server(String command, String... arguments) {
		return new ServerProcess(1, command, List.of(arguments));
	}

}
