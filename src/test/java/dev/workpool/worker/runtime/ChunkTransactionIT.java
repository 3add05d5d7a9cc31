package dev.workpool.worker.runtime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.workpool.worker.WorkerIntegrationTest;
import dev.workpool.worker.WorkerTestDatabase;
import dev.workpool.worker.protocol.Message.TaskDone;
import dev.workpool.worker.protocol.Message.TaskItem;
import dev.workpool.worker.protocol.Message.TaskOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A chunk's shared transaction (ADR 9) on the real database: a task's change and its
 * result commit together, a failed task leaves nothing, a stale claim or a lost
 * transaction keeps nothing and sends the tasks still claimed back to run again.
 */
@WorkerIntegrationTest
class ChunkTransactionIT {

	private final List<TaskDone> sent = new CopyOnWriteArrayList<>();

	private final List<String> lost = new CopyOnWriteArrayList<>();

	private DataSource dataSource;

	private JdbcTemplate jdbc;

	private ResultRecorder recorder;

	private ChunkTransaction transaction;

	private long jobId;

	@BeforeEach
	void setUp() {
		this.dataSource = WorkerTestDatabase.dataSource();
		this.jdbc = new JdbcTemplate(this.dataSource);
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS chunk_tx_probe (name VARCHAR(50) PRIMARY KEY)");
		this.jdbc.update("DELETE FROM chunk_tx_probe");
		long pid = ProcessHandle.current().pid();
		WorkerLog log = new WorkerLog(System.err, "it", pid);
		this.recorder = new ResultRecorder(this.dataSource, pid, this.sent::addAll, this.lost::add,
				Duration.ofSeconds(5), log);
		this.transaction = new ChunkTransaction(this.dataSource, this.recorder, log);
		this.jobId = WorkerTestDatabase.insertJob("sql", "{}", 1);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.transaction.close();
		this.recorder.flush().get();
		this.recorder.close();
	}

	@Test
	void aTasksChangeAndItsSucceededRowCommitTogetherAndNotBefore() throws Exception {
		TaskItem first = item(0);
		TaskItem second = item(1);

		assertThat(succeeds(first, "first")).isEmpty();
		assertThat(succeeds(second, "second")).isEmpty();

		assertThat(probeRows()).as("uncommitted: invisible to others").isEmpty();
		assertThat(status(first)).isEqualTo("RUNNING");
		assertThat(this.sent).isEmpty();

		assertThat(this.transaction.commit()).isEmpty();

		assertThat(probeRows()).containsExactly("first", "second");
		assertThat(status(first)).isEqualTo("SUCCEEDED");
		assertThat(status(second)).isEqualTo("SUCCEEDED");
		assertThat(this.sent).extracting(TaskDone::taskId, TaskDone::outcome)
			.containsExactly(tuple(first.taskId(), TaskOutcome.SUCCEEDED),
					tuple(second.taskId(), TaskOutcome.SUCCEEDED));
	}

	@Test
	void aChunksFirstFailureRollsTheBatchBackAndRunsTheTasksBeforeItAgainThenSavepointsKeepTheOthers()
			throws Exception {
		TaskItem first = item(0);
		TaskItem failing = item(1);
		TaskItem third = item(2);
		TaskItem failingToo = item(3);

		succeeds(first, "first");
		insert("half-done");
		// no savepoint yet: the whole batch goes back, the task before it runs again
		assertThat(this.transaction.taskEnded(failing, failed(failing))).containsExactly(first);
		this.recorder.flush().get();
		assertThat(status(failing)).isEqualTo("FAILED");
		assertThat(status(first)).isEqualTo("RUNNING");

		succeeds(first, "first");
		succeeds(third, "third");
		insert("half-done-too");
		// from now on a savepoint before each task: only the failing one goes back
		assertThat(this.transaction.taskEnded(failingToo, failed(failingToo))).isEmpty();
		assertThat(this.transaction.commit()).isEmpty();
		this.recorder.flush().get();

		assertThat(probeRows()).containsExactly("first", "third");
		assertThat(status(first)).isEqualTo("SUCCEEDED");
		assertThat(status(third)).isEqualTo("SUCCEEDED");
		assertThat(status(failingToo)).isEqualTo("FAILED");
	}

	@Test
	void aStaleClaimRollsTheBatchBackAndTheTasksStillClaimedRunAgain() throws Exception {
		TaskItem kept = item(0);
		TaskItem fencedOff = item(1);
		succeeds(kept, "kept");
		succeeds(fencedOff, "fenced-off");
		// the job was cancelled (or the node declared dead) while the batch waited
		this.jdbc.update("UPDATE tasks SET status = 'CANCELLED' WHERE id = ?", fencedOff.taskId());

		List<TaskItem> again = this.transaction.commit();

		assertThat(again).containsExactly(kept);
		assertThat(probeRows()).as("a fenced-off worker commits no change").isEmpty();
		assertThat(status(kept)).isEqualTo("RUNNING");
		assertThat(this.sent).singleElement().satisfies((done) -> {
			assertThat(done.taskId()).isEqualTo(fencedOff.taskId());
			assertThat(done.outcome()).isEqualTo(TaskOutcome.STALE);
		});

		// run again, it commits alone
		succeeds(kept, "kept");
		assertThat(this.transaction.commit()).isEmpty();
		assertThat(probeRows()).containsExactly("kept");
		assertThat(status(kept)).isEqualTo("SUCCEEDED");
	}

	@Test
	void aLostTransactionRecordsTheCulpritsFailureAndSendsTheTasksBeforeItBackToRunAgain() throws Exception {
		TaskItem innocent = item(0);
		TaskItem culprit = item(1);
		TaskItem laterInnocent = item(2);
		TaskItem laterCulprit = item(3);

		// before any failure (no savepoints): the connection dies under the second task
		succeeds(innocent, "innocent");
		killTheTransactionsConnection();
		assertThatThrownBy(() -> insert("culprit")).isInstanceOf(SQLException.class);
		List<TaskItem> again = this.transaction.taskEnded(culprit, failed(culprit));
		this.recorder.flush().get();

		assertThat(again).containsExactly(innocent);
		assertThat(probeRows()).isEmpty();
		assertThat(status(innocent)).isEqualTo("RUNNING");
		assertThat(status(culprit)).isEqualTo("FAILED");

		// the next use opens a new transaction, now with savepoints; the connection dies
		// again: the rollback to the savepoint fails, the rows are read back
		succeeds(innocent, "innocent");
		succeeds(laterInnocent, "later-innocent");
		killTheTransactionsConnection();
		assertThatThrownBy(() -> insert("later-culprit")).isInstanceOf(SQLException.class);
		again = this.transaction.taskEnded(laterCulprit, failed(laterCulprit));
		this.recorder.flush().get();

		assertThat(again).containsExactly(innocent, laterInnocent);
		assertThat(probeRows()).isEmpty();
		assertThat(status(laterCulprit)).isEqualTo("FAILED");
		assertThat(this.lost).isEmpty();

		succeeds(innocent, "innocent");
		succeeds(laterInnocent, "later-innocent");
		assertThat(this.transaction.commit()).isEmpty();
		assertThat(probeRows()).containsExactly("innocent", "later-innocent");
	}

	@Test
	void tasksWithoutTheTransactionGoStraightToTheResultWriter() throws Exception {
		TaskItem plain = item(0);

		assertThat(this.transaction.taskEnded(plain, succeeded(plain))).isEmpty();
		assertThat(this.transaction.commit()).isEmpty();
		this.recorder.flush().get();

		assertThat(status(plain)).isEqualTo("SUCCEEDED");
	}

	@Test
	void theTasksConnectionRefusesToEndTheTransactionAndIgnoresClose() throws Exception {
		Connection connection = this.transaction.connectionForTask();

		assertThatThrownBy(connection::commit).isInstanceOf(SQLException.class).hasMessageContaining("commit()");
		assertThatThrownBy(connection::rollback).isInstanceOf(SQLException.class);
		assertThatThrownBy(() -> connection.setAutoCommit(true)).isInstanceOf(SQLException.class);
		connection.close();
		assertThat(connection.isClosed()).isFalse();
		assertThat(connection.getAutoCommit()).isFalse();
	}

	private TaskItem item(int index) {
		return WorkerTestDatabase.insertRunningItem(this.jobId, index, "{}");
	}

	/** The task inserts {@code name} and succeeds. */
	private List<TaskItem> succeeds(TaskItem item, String name) throws SQLException {
		insert(name);
		return this.transaction.taskEnded(item, succeeded(item));
	}

	private static TaskResult succeeded(TaskItem item) {
		return TaskResult.succeeded(item, "{\"rowsAffected\":1}", System.nanoTime(), 10);
	}

	private static TaskResult failed(TaskItem item) {
		return TaskResult.failed(item, 1, new IllegalStateException("boom"), System.nanoTime(), 10);
	}

	private void insert(String name) throws SQLException {
		try (PreparedStatement statement = this.transaction.connectionForTask()
			.prepareStatement("INSERT INTO chunk_tx_probe (name) VALUES (?)")) {
			statement.setString(1, name);
			statement.executeUpdate();
		}
	}

	private List<String> probeRows() {
		return this.jdbc.queryForList("SELECT name FROM chunk_tx_probe ORDER BY name", String.class);
	}

	private String status(TaskItem item) {
		return this.jdbc.queryForObject("SELECT status FROM tasks WHERE id = ?", String.class, item.taskId());
	}

	private void killTheTransactionsConnection() throws SQLException {
		this.jdbc.execute("KILL CONNECTION " + connectionId(this.transaction.connectionForTask()));
	}

	private static long connectionId(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				var rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
