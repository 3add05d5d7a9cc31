package dev.workpool.joblog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.workpool.lock.ChildJvm;
import dev.workpool.lock.HeldLock;
import dev.workpool.lock.LockLostException;
import dev.workpool.lock.LockService;
import dev.workpool.lock.LockTimeoutException;
import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job log written by real worker-like JVMs (each with its own pool) into one file in
 * one directory, on the real database.
 */
@WorkerIntegrationTest
class JobLogWriterIT {

	private Path logDir;

	private long jobId;

	@BeforeEach
	void setUp() throws IOException {
		WorkerTestDatabase.dataSource();
		this.logDir = Files.createDirectories(Path.of("target", "it-logs", UUID.randomUUID().toString()))
			.toAbsolutePath();
		this.jobId = ThreadLocalRandom.current().nextLong(1_000_000, 1L << 40);
	}

	@Test
	void eightWriterProcessesAppendFortyThousandIntactEntriesWithoutGapsOrDuplicates() throws Exception {
		long start = System.nanoTime();
		List<String> writers = runWriters(8, 5_000, 1);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.println("8 writer processes x 5,000 lines took " + took.toMillis() + " ms");
		assertLogHolds(writers, 5_000);
	}

	@Test
	void twoWriterServicesWithSeveralThreadsEachShareOneLog() throws Exception {
		List<String> writers = runWriters(2, 4_000, 4);
		List<String> threads = new ArrayList<>();
		writers.forEach((w) -> {
			for (int t = 0; t < 4; t++) {
				threads.add(w + "." + t);
			}
		});
		assertLogHolds(threads, 1_000);
	}

	@Test
	void anEntryIsInTheFileWhenAppendReturnedEvenIfTheWriterIsKilledRightAfter() throws Exception {
		writer().append(this.jobId, LogEntry.info("before"));
		try (ChildJvm child = ChildJvm.start(LogWriterChild.class, "append-one", this.logDir.toString(),
				Long.toString(this.jobId))) {
			long seq = Long.parseLong(child.await("APPENDED", Duration.ofSeconds(30)).split(" ")[1]);
			child.kill();
			List<LogLine> lines = lines();
			assertThat(lines).hasSize(2);
			assertThat(lines.get(1).seq()).isEqualTo(seq).isEqualTo(2);
			assertThat(lines.get(1).message()).isEqualTo("last words before kill -9");
			assertThat(lines.get(1).pid()).isEqualTo(child.pid());
		}
	}

	@Test
	void killingAWriterThatHoldsTheLogLockLetsOthersGoOnWithinTwoSeconds() throws Exception {
		JobLogWriter writer = writer(Duration.ofSeconds(2));
		writer.append(this.jobId, LogEntry.info("first"));
		try (ChildJvm child = ChildJvm.start(LogWriterChild.class, "hold", this.logDir.toString(),
				Long.toString(this.jobId))) {
			child.await("HOLDING", Duration.ofSeconds(30));
			child.kill();
			long start = System.nanoTime();
			Appended appended = writer.append(this.jobId, LogEntry.info("after the holder died"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(appended.firstSeq()).isEqualTo(2);
		}
		assertThat(lines()).extracting(LogLine::seq).containsExactly(1L, 2L);
	}

	@Test
	void entriesOfAWriterThatDiedBeforeCommittingAreAdoptedAndATornTailIsCutOff() throws Exception {
		JobLogWriter writer = writer();
		writer.appendAll(this.jobId, List.of(LogEntry.info("one"), LogEntry.info("two"), LogEntry.info("three")));
		long committed = Files.size(file());
		// a writer died after writing entry 4 completely and entry 5 halfway, before its
		// commit
		byte[] four = LogLine.format(4, LogLine.TIMESTAMP.format(Instant.now()), this.jobId, LogEntry.info("four"),
				"four".getBytes(StandardCharsets.UTF_8));
		byte[] five = LogLine.format(5, LogLine.TIMESTAMP.format(Instant.now()), this.jobId,
				LogEntry.info("five, torn"), "five, torn".getBytes(StandardCharsets.UTF_8));
		Files.write(file(), four, StandardOpenOption.APPEND);
		Files.write(file(), java.util.Arrays.copyOf(five, five.length / 2), StandardOpenOption.APPEND);
		assertThat(committedSize()).isEqualTo(committed);

		Appended appended = writer.append(this.jobId, LogEntry.info("after recovery"));

		assertThat(appended.firstSeq()).isEqualTo(5);
		List<LogLine> lines = lines();
		assertThat(lines).extracting(LogLine::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(lines).extracting(LogLine::message).containsExactly("one", "two", "three", "four", "after recovery");
		assertThat(lines).allMatch(LogLine::checksumOk);
		assertThat(committedSize()).isEqualTo(Files.size(file()));
	}

	@Test
	void aFileLeftByAnEarlierJobWithTheSameIdIsNotAdoptedByTheFirstAppend() throws Exception {
		// a job of a database since wiped had this id and wrote two lines
		Files.createDirectories(this.logDir);
		Files.write(file(), LogLine.format(1, LogLine.TIMESTAMP.format(Instant.now()), this.jobId,
				LogEntry.info("old one"), "old one".getBytes(StandardCharsets.UTF_8)));
		Files.write(file(), LogLine.format(2, LogLine.TIMESTAMP.format(Instant.now()), this.jobId,
				LogEntry.info("old two"), "old two".getBytes(StandardCharsets.UTF_8)), StandardOpenOption.APPEND);

		Appended appended = writer().append(this.jobId, LogEntry.info("first of this job"));

		assertThat(appended.firstSeq()).isEqualTo(1);
		assertThat(lines()).extracting(LogLine::message).containsExactly("first of this job");
		assertThat(committedSize()).isEqualTo(Files.size(file()));
	}

	@Test
	void aTornLineRightAfterTheCommittedEndIsCutOff() throws Exception {
		JobLogWriter writer = writer();
		writer.append(this.jobId, LogEntry.info("one"));
		Files.writeString(file(), "2 2026-11-25T10:15:30.000000Z job=" + this.jobId + " task=- att",
				StandardOpenOption.APPEND);
		writer.append(this.jobId, LogEntry.info("two"));
		assertThat(lines()).extracting(LogLine::message).containsExactly("one", "two");
		assertThat(lines()).extracting(LogLine::seq).containsExactly(1L, 2L);
	}

	@Test
	void aSessionKeepsTheLockForSeveralAppendsAndCommitsTheirPositionOnceWhenItCloses() throws Exception {
		JobLogWriter writer = writer();
		writer.append(this.jobId, LogEntry.info("before"));
		long before = committedSize();
		String lockName = new LockService(WorkerTestDatabase.dataSource())
			.databaseName(JobLogWriter.lockName(this.jobId));
		try (JobLogWriter.Session session = writer.open(this.jobId)) {
			assertThat(session.append(List.of(LogEntry.info("one"), LogEntry.info("two"))).firstSeq()).isEqualTo(2);
			assertThat(session.append(List.of(LogEntry.info("three"))).firstSeq()).isEqualTo(4);

			assertThat(lines()).extracting(LogLine::message).containsExactly("before", "one", "two", "three");
			assertThat(committedSize()).as("committed once, at close").isEqualTo(before);
			assertThat(Seen.now(lockName, new LockService(WorkerTestDatabase.dataSource())).holder())
				.as("the lock is held between appends")
				.isNotNull();
			assertThatThrownBy(() -> writer(Duration.ofMillis(200)).append(this.jobId, LogEntry.info("other")))
				.isInstanceOf(LockTimeoutException.class);
		}
		assertThat(committedSize()).isEqualTo(Files.size(file()));
		assertThat(Seen.now(lockName, new LockService(WorkerTestDatabase.dataSource())).holder()).isNull();
		assertThat(writer.append(this.jobId, LogEntry.info("after")).firstSeq()).isEqualTo(5);
		assertThat(lines()).extracting(LogLine::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
		assertThat(lines()).allMatch(LogLine::checksumOk);
	}

	@Test
	void aSessionWhoseLockWasLostWritesNothingMoreAndTheNextWriterAdoptsWhatItWrote() throws Exception {
		JobLogWriter writer = writer();
		String lockName = new LockService(WorkerTestDatabase.dataSource())
			.databaseName(JobLogWriter.lockName(this.jobId));
		JobLogWriter.Session session = writer.open(this.jobId);
		session.append(List.of(LogEntry.info("one")));
		long holder = Seen.now(lockName, new LockService(WorkerTestDatabase.dataSource())).holder();
		try (Connection connection = WorkerTestDatabase.dataSource().getConnection();
				PreparedStatement kill = connection.prepareStatement("KILL CONNECTION " + holder)) {
			kill.execute();
		}

		assertThatThrownBy(() -> session.append(List.of(LogEntry.info("two")))).isInstanceOf(LockLostException.class);
		assertThatThrownBy(session::close).as("the position cannot be committed").isInstanceOf(LockLostException.class);
		assertThat(lines()).extracting(LogLine::message).containsExactly("one");

		assertThat(writer.append(this.jobId, LogEntry.info("three")).firstSeq()).isEqualTo(2);
		assertThat(lines()).extracting(LogLine::message).containsExactly("one", "three");
		assertThat(committedSize()).isEqualTo(Files.size(file()));
	}

	@Test
	void anInterruptedThreadsAppendIsWrittenAndItKeepsItsInterrupt() throws Exception {
		JobLogWriter writer = writer();
		writer.append(this.jobId, LogEntry.info("one"));
		Appended appended;
		Thread.currentThread().interrupt();
		try {
			// a cancelled or timed-out task's last words, or a group commit led by its
			// thread
			appended = writer.append(this.jobId, LogEntry.info("two"));
		}
		finally {
			assertThat(Thread.interrupted()).as("still interrupted").isTrue();
		}
		assertThat(appended.firstSeq()).isEqualTo(2);
		assertThat(lines()).extracting(LogLine::message).containsExactly("one", "two");
		assertThat(committedSize()).isEqualTo(Files.size(file()));
	}

	@Test
	void duringAnAppendTheLogLockIsHeldButNotRecordedInLockHolders() throws Exception {
		String lockName = new LockService(WorkerTestDatabase.dataSource())
			.databaseName(JobLogWriter.lockName(this.jobId));
		LockService observer = new LockService(WorkerTestDatabase.dataSource());
		List<Seen> seen = new ArrayList<>();
		Clock probe = new ProbeClock(() -> seen.add(Seen.now(lockName, observer)));
		JobLogWriter writer = new JobLogWriter(new LockService(WorkerTestDatabase.dataSource()), this.logDir, probe);

		writer.append(this.jobId, LogEntry.info("probed"));

		assertThat(seen).singleElement().satisfies((during) -> {
			assertThat(during.holder()).as("holder's connection id").isNotNull();
			assertThat(during.holderRows()).as("lock_holders rows").isZero();
			if ("none".equals(observer.heldLocksSource())) {
				assertThat(during.listed()).as("listed, with no server view to list it").isEmpty();
			}
			else {
				assertThat(during.listed()).singleElement()
					.satisfies((lock) -> assertThat(lock.connectionId()).isEqualTo(during.holder()));
			}
		});
		assertThat(lines()).extracting(LogLine::message).containsExactly("probed");
	}

	@Test
	void readerSeesOnlyCompleteLinesAndTailsAndFollowsByOffset() throws Exception {
		JobLogWriter writer = writer();
		JobLogReader reader = new JobLogReader(this.logDir);
		assertThat(reader.read(this.jobId, 0, 1024).isEmpty()).isTrue();
		for (int i = 1; i <= 10; i++) {
			writer.append(this.jobId, LogEntry.info("line " + i + "\nsecond half"));
		}
		Files.writeString(file(), "11 torn", StandardOpenOption.APPEND);
		LogChunk tail = reader.tail(this.jobId, 3);
		assertThat(tail.lines()).extracting((line) -> LogLine.parse(line.text()).message())
			.containsExactly("line 8\nsecond half", "line 9\nsecond half", "line 10\nsecond half");
		long offset = 0;
		List<String> seen = new ArrayList<>();
		LogChunk chunk;
		do {
			chunk = reader.read(this.jobId, offset, 100);
			chunk.lines().forEach((line) -> seen.add(LogLine.parse(line.text()).message()));
			offset = chunk.nextOffset();
		}
		while (!chunk.isEmpty());
		assertThat(seen).hasSize(10).endsWith("line 10\nsecond half");
		assertThat(offset).isEqualTo(reader.end(this.jobId)).isEqualTo(Files.size(file()) - "11 torn".length());
	}

	private List<String> runWriters(int processes, int linesEach, int threadsEach) throws Exception {
		List<ChildJvm> children = new ArrayList<>();
		List<String> writers = new ArrayList<>();
		try {
			for (int w = 0; w < processes; w++) {
				String name = "w" + w;
				writers.add(name);
				children.add(ChildJvm.start(LogWriterChild.class, "write", this.logDir.toString(),
						Long.toString(this.jobId), name, Integer.toString(linesEach), Integer.toString(threadsEach)));
			}
			for (ChildJvm child : children) {
				child.await("DONE", Duration.ofSeconds(180));
				assertThat(child.waitFor(Duration.ofSeconds(30))).as(child.output()).isZero();
			}
		}
		finally {
			children.forEach(ChildJvm::close);
		}
		return writers;
	}

	private void assertLogHolds(List<String> writers, int linesEach) throws Exception {
		List<String> raw = Files.readAllLines(file(), StandardCharsets.UTF_8);
		assertThat(raw).hasSize(writers.size() * linesEach);
		Map<String, Set<Integer>> seen = new HashMap<>();
		long expectedSeq = 1;
		for (String text : raw) {
			LogLine line = LogLine.parse(text);
			assertThat(line.checksumOk()).as("checksum of line %d", expectedSeq).isTrue();
			assertThat(line.seq()).isEqualTo(expectedSeq++);
			assertThat(line.jobId()).isEqualTo(this.jobId);
			String[] parts = line.message().split(" ", 2);
			int index = Integer.parseInt(parts[1].substring(0, parts[1].indexOf(' ')));
			assertThat(line.message()).isEqualTo(LogWriterChild.message(parts[0], index));
			assertThat(line.taskIndex()).isEqualTo(index);
			assertThat(seen.computeIfAbsent(parts[0], (w) -> new HashSet<>()).add(index)).as("duplicate").isTrue();
		}
		assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(writers);
		assertThat(seen.values()).allSatisfy((indexes) -> assertThat(indexes).hasSize(linesEach));
		assertThat(committedSize()).isEqualTo(Files.size(file()));
	}

	/** What another session sees of a lock: its holder, its rows, its listing. */
	private record Seen(Long holder, long holderRows, List<HeldLock> listed) {

		static Seen now(String lockName, LockService observer) {
			try (Connection connection = WorkerTestDatabase.dataSource().getConnection();
					PreparedStatement statement = connection.prepareStatement(
							"SELECT IS_USED_LOCK(?), (SELECT COUNT(*) FROM lock_holders WHERE lock_name = ?)")) {
				statement.setString(1, lockName);
				statement.setString(2, lockName);
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					return new Seen(rows.getObject(1, Long.class), rows.getLong(2),
							observer.heldLocks().stream().filter((lock) -> lock.name().equals(lockName)).toList());
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private JobLogWriter writer() {
		return writer(JobLogWriter.DEFAULT_LOCK_TIMEOUT);
	}

	private JobLogWriter writer(Duration lockTimeout) {
		return new JobLogWriter(new LockService(WorkerTestDatabase.dataSource()), this.logDir, Clock.systemUTC(),
				lockTimeout);
	}

	private Path file() {
		return JobLogFiles.path(this.logDir, this.jobId);
	}

	private List<LogLine> lines() throws IOException {
		return Files.readAllLines(file(), StandardCharsets.UTF_8).stream().map(LogLine::parse).toList();
	}

	private long committedSize() throws SQLException {
		try (Connection connection = WorkerTestDatabase.dataSource().getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT file_size FROM job_logs WHERE job_id = ?")) {
			statement.setLong(1, this.jobId);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
