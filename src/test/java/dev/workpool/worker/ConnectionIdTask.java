package dev.workpool.worker;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/** Test-only {@code connection-id}: the CONNECTION_ID() of the task's own pool. */
public final class ConnectionIdTask implements Task {

	@Override
	public String name() {
		return "connection-id";
	}

	@Override
	public String description() {
		return "Returns CONNECTION_ID() of the worker's pool (tests only).";
	}

	@Override
	public Object run(Object input, TaskContext context) throws Exception {
		try (Connection connection = context.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID()")) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
