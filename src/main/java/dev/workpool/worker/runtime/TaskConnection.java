package dev.workpool.worker.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * The view of a {@link ChunkTransaction}'s connection a task gets: everything a
 * {@link Connection} does, except that {@code close()} does nothing (the chunk keeps the
 * connection) and ending or reshaping the transaction — commit, rollback, autocommit,
 * savepoints of its own — is refused: the worker commits the task's changes together with
 * its result.
 */
final class TaskConnection {

	private static final Set<String> REFUSED = Set.of("commit", "rollback", "setAutoCommit", "setSavepoint",
			"releaseSavepoint", "setTransactionIsolation", "abort", "unwrap");

	private TaskConnection() {
	}

	static Connection of(Connection connection) {
		return (Connection) Proxy.newProxyInstance(TaskConnection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> invoke(connection, method, args));
	}

	private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (name.equals("close")) {
			return null;
		}
		if (name.equals("isClosed")) {
			return connection.isClosed();
		}
		if (REFUSED.contains(name)) {
			throw new SQLException("A task's connection() belongs to its chunk's transaction, which Workpool commits "
					+ "together with the task's result: " + name + "() is not allowed (use dataSource() for a "
					+ "connection of your own)");
		}
		try {
			return method.invoke(connection, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
