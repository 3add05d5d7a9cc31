package dev.workpool.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock service against the real database server: several pools stand for several
 * processes.
 */
@WorkerIntegrationTest
class LockServiceIT {

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final String name = "it:" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void migrate() {
		WorkerTestDatabase.dataSource();
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void onlyOneHolderAtATimeAcrossTwoPools() throws Exception {
		LockService a = new LockService(pool(2));
		LockService b = new LockService(pool(2));
		try (LockHandle held = a.acquire(this.name, Duration.ofSeconds(1))) {
			assertThat(held.isHeld()).isTrue();
			assertThatThrownBy(() -> b.acquire(this.name, Duration.ZERO)).isInstanceOf(LockTimeoutException.class)
				.hasMessageContaining(databaseName());
		}
		try (LockHandle held = b.acquire(this.name, Duration.ZERO)) {
			assertThat(held.isHeld()).isTrue();
		}
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger maxInside = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<?>> runs = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			LockService service = (t % 2 == 0) ? a : b;
			runs.add(threads.submit(() -> {
				for (int i = 0; i < 25; i++) {
					service.withLock(this.name, Duration.ofSeconds(10), () -> {
						maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
						Thread.onSpinWait();
						inside.decrementAndGet();
					});
				}
			}));
		}
		for (Future<?> run : runs) {
			run.get();
		}
		threads.shutdown();
		assertThat(maxInside).hasValue(1);
	}

	@Test
	void aBusyLockTimesOutAfterAboutTheTimeout() {
		LockService a = new LockService(pool(1));
		LockService b = new LockService(pool(1));
		try (LockHandle held = a.acquire(this.name, Duration.ZERO)) {
			long start = System.nanoTime();
			assertThatThrownBy(() -> b.acquire(this.name, Duration.ofMillis(500)))
				.isInstanceOfSatisfying(LockTimeoutException.class, (ex) -> {
					assertThat(ex.timeout()).isEqualTo(Duration.ofMillis(500));
					assertThat(ex.lockName()).isEqualTo(databaseName());
				});
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			// MariaDB takes fractional seconds; MySQL would round up to 1 s
			assertThat(waited).isBetween(Duration.ofMillis(450), Duration.ofMillis(1900));
		}
	}

	@Test
	void negativeTimeoutsAreRefused() {
		LockService a = new LockService(pool(1));
		assertThatThrownBy(() -> a.acquire(this.name, Duration.ofSeconds(-1)))
			.isInstanceOf(LockUnavailableException.class)
			.hasMessageContaining(databaseName());
	}

	@Test
	void aHeldLockPinsItsConnectionSoAPoolOfOneCannotLendIt() throws Exception {
		HikariDataSource pool = pool(1, 250);
		LockService locks = new LockService(pool);
		LockHandle handle = locks.acquire(this.name, Duration.ZERO);
		assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
		assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		assertThat(handle.release()).isTrue();
		try (Connection next = pool.getConnection()) {
			assertThat(query(next, "SELECT IS_FREE_LOCK('" + databaseName() + "')")).isEqualTo(1L);
			assertThat(query(next, "SELECT CONNECTION_ID()")).isEqualTo(handle.connectionId());
		}
	}

	@Test
	void aConnectionWhoseReleaseFailsIsEvictedNotReturned() throws Exception {
		HikariDataSource pool = pool(1);
		LockService locks = new LockService(pool);
		LockHandle handle = locks.acquire(this.name, Duration.ZERO);
		// somebody releases it behind the handle's back: RELEASE_LOCK will answer NULL
		query(handle.connection(), "SELECT RELEASE_LOCK('" + databaseName() + "')");
		assertThat(handle.isHeld()).isFalse();
		assertThat(handle.release()).isFalse();
		assertThat(handle.release()).isFalse();
		try (Connection next = pool.getConnection()) {
			assertThat(query(next, "SELECT CONNECTION_ID()")).isNotEqualTo(handle.connectionId());
		}
	}

	@Test
	void aKilledHolderLearnsItLostTheLockAndItsConnectionIsNotReturned() throws Exception {
		HikariDataSource pool = pool(1);
		LockService locks = new LockService(pool);
		LockService other = new LockService(pool(1));
		LockHandle handle = locks.acquire(this.name, Duration.ZERO);
		try (Connection admin = WorkerTestDatabase.dataSource().getConnection();
				Statement statement = admin.createStatement()) {
			statement.execute("KILL " + handle.connectionId());
		}
		assertThatThrownBy(handle::verifyHeld).isInstanceOf(LockLostException.class)
			.hasMessageContaining(databaseName());
		assertThat(handle.isHeld()).isFalse();
		try (LockHandle taken = other.acquire(this.name, Duration.ofSeconds(2))) {
			assertThat(taken.isHeld()).isTrue();
		}
		handle.close();
		try (Connection next = pool.getConnection()) {
			assertThat(query(next, "SELECT CONNECTION_ID()")).isNotEqualTo(handle.connectionId());
		}
	}

	@Test
	void aHoldersPingSucceedsWhileItsSessionLivesAndFailsOnceTheSessionIsKilled() throws Exception {
		LockService locks = new LockService(pool(1));
		LockService other = new LockService(pool(1));
		LockHandle handle = locks.acquireUnrecorded(this.name, Duration.ZERO);
		handle.verifySession(Duration.ofSeconds(5));
		assertThatThrownBy(() -> other.acquire(this.name, Duration.ZERO)).isInstanceOf(LockTimeoutException.class);
		try (Connection admin = WorkerTestDatabase.dataSource().getConnection();
				Statement statement = admin.createStatement()) {
			statement.execute("KILL " + handle.connectionId());
		}
		assertThatThrownBy(() -> handle.verifySession(Duration.ofSeconds(5))).isInstanceOf(LockLostException.class)
			.hasMessageContaining(databaseName());
		try (LockHandle taken = other.acquire(this.name, Duration.ofSeconds(2))) {
			assertThat(taken.isHeld()).isTrue();
		}
		handle.close();
		assertThatThrownBy(() -> handle.verifySession(Duration.ofSeconds(5))).isInstanceOf(LockLostException.class)
			.hasMessageContaining("closed");
	}

	@Test
	void anUnrecordedLockExcludesOthersButWritesNoHolderRowAndShowsOnlyAsTheServerSeesIt() throws Exception {
		HikariDataSource pool = pool(1);
		LockService a = new LockService(pool);
		LockService b = new LockService(pool(2));
		String lockName = databaseName();
		LockHandle handle = a.acquireUnrecorded(this.name, Duration.ZERO);
		try {
			assertThat(handle.isHeld()).isTrue();
			assertThatThrownBy(() -> b.acquire(this.name, Duration.ZERO)).isInstanceOf(LockTimeoutException.class);
			assertThat(holderRows(lockName)).isZero();
			List<HeldLock> listed = b.heldLocks().stream().filter((lock) -> lock.name().equals(lockName)).toList();
			if (ServerLockViews.NONE.equals(b.heldLocksSource())) {
				assertThat(listed).isEmpty();
			}
			else {
				assertThat(listed).singleElement().satisfies((lock) -> {
					assertThat(lock.connectionId()).isEqualTo(handle.connectionId());
					assertThat(lock.pid()).isNull();
				});
			}
			try (LockHandle recorded = b.acquire(this.name + ":recorded", Duration.ZERO)) {
				assertThat(holderRows(lockName + ":recorded")).isOne();
			}
		}
		finally {
			assertThat(handle.release()).isTrue();
		}
		try (Connection next = pool.getConnection()) {
			assertThat(query(next, "SELECT CONNECTION_ID()")).as("released cleanly, so back in the pool")
				.isEqualTo(handle.connectionId());
			assertThat(query(next, "SELECT IS_FREE_LOCK('" + lockName + "')")).isEqualTo(1L);
		}
	}

	@Test
	void longNamesFitAndDistinctNamesStayDistinct() {
		String longA = "x".repeat(300) + "a";
		String longB = "x".repeat(300) + "b";
		LockService locks = new LockService(pool(4));
		assertThat(locks.databaseName(longA)).hasSizeLessThanOrEqualTo(64)
			.startsWith(databaseName().substring(0, databaseName().indexOf(':') + 1))
			.isNotEqualTo(locks.databaseName(longB));
		try (LockHandle a = locks.acquire(this.name + longA, Duration.ZERO);
				LockHandle b = locks.acquire(this.name + longB, Duration.ZERO);
				LockHandle lower = locks.acquire(this.name + "job", Duration.ZERO);
				LockHandle upper = locks.acquire(this.name + "JOB", Duration.ZERO)) {
			assertThat(List.of(a, b, lower, upper)).allMatch(LockHandle::isHeld);
			assertThat(a.name()).hasSizeLessThanOrEqualTo(64);
		}
	}

	@Test
	void killMinusNineOfAHolderProcessFreesTheLockWithinTwoSeconds() throws Exception {
		LockService locks = new LockService(pool(2));
		try (ChildJvm child = ChildJvm.start(LockHolderChild.class, this.name)) {
			long connectionId = Long.parseLong(child.await("HOLDING", Duration.ofSeconds(30)).split(" ")[1]);
			assertThat(locks.heldLocks()).anySatisfy((lock) -> {
				assertThat(lock.name()).isEqualTo(databaseName());
				assertThat(lock.requestedName()).isEqualTo(this.name);
				assertThat(lock.pid()).isEqualTo(child.pid());
				assertThat(lock.node()).isEqualTo("child-node");
				assertThat(lock.jobId()).isEqualTo(99L);
				assertThat(lock.connectionId()).isEqualTo(connectionId);
				assertThat(lock.since()).isNotNull();
			});
			assertThatThrownBy(() -> locks.acquire(this.name, Duration.ZERO)).isInstanceOf(LockTimeoutException.class);
			child.kill();
			long start = System.nanoTime();
			try (LockHandle handle = locks.acquire(this.name, Duration.ofSeconds(2))) {
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
				assertThat(locks.heldLocks())
					.anySatisfy((lock) -> assertThat(lock.pid()).isEqualTo(ProcessHandle.current().pid()))
					.noneSatisfy((lock) -> assertThat(lock.pid()).isEqualTo(child.pid()));
			}
		}
	}

	@Test
	void twoInstallationsInTwoSchemasOfOneServerNeverShareALockOrSeeEachOthersLocks() {
		HikariDataSource otherPool = pool(2, 10_000, WorkerTestDatabase.urlOf("workpool_lock_it_other"));
		Flyway.configure().dataSource(otherPool).locations("classpath:db/migration").load().migrate();
		LockService ours = new LockService(pool(2));
		LockService theirs = new LockService(otherPool);
		assertThat(ours.databaseName(this.name)).isNotEqualToIgnoringCase(theirs.databaseName(this.name))
			.startsWith("workpool@");
		try (LockHandle mine = ours.acquire(this.name, Duration.ZERO);
				LockHandle other = theirs.acquire(this.name, Duration.ZERO)) {
			assertThat(mine.isHeld()).isTrue();
			assertThat(other.isHeld()).isTrue();
			// lock_holders is per schema; the server's own view, which lists every
			// installation's locks, is filtered by prefix only where the server has
			// one (not the embedded MariaDB, nor Debian's without metadata_lock_info)
			assertThat(ours.heldLocks()).extracting(HeldLock::name).contains(mine.name()).doesNotContain(other.name());
			assertThat(theirs.heldLocks()).extracting(HeldLock::name)
				.contains(other.name())
				.doesNotContain(mine.name());
			assertThatThrownBy(() -> new LockService(pool(1)).acquire(this.name, Duration.ZERO))
				.as("within one installation the lock still excludes")
				.isInstanceOf(LockTimeoutException.class);
		}
	}

	private String databaseName() {
		return new LockService(WorkerTestDatabase.dataSource()).databaseName(this.name);
	}

	private HikariDataSource pool(int size) {
		return pool(size, 10_000);
	}

	private HikariDataSource pool(int size, long connectionTimeoutMillis) {
		return pool(size, connectionTimeoutMillis, WorkerTestDatabase.url());
	}

	private HikariDataSource pool(int size, long connectionTimeoutMillis, String url) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(WorkerTestDatabase.user());
		config.setPassword(WorkerTestDatabase.password());
		config.setMaximumPoolSize(size);
		config.setConnectionTimeout(connectionTimeoutMillis);
		HikariDataSource pool = new HikariDataSource(config);
		this.pools.add(pool);
		return pool;
	}

	private static long holderRows(String lockName) throws SQLException {
		try (Connection connection = WorkerTestDatabase.dataSource().getConnection()) {
			return query(connection, "SELECT COUNT(*) FROM lock_holders WHERE lock_name = '" + lockName + "'");
		}
	}

	private static long query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
