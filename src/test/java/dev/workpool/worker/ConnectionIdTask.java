package dev.workpool.worker;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import dev.workpool.tasks.spi.Task;
import dev.workpool.tasks.spi.TaskContext;

/**
 * Test-only {@code connection-id}: the CONNECTION_ID() of the task's own pool; with an
 * input {@code {"holdMillis": n}} it keeps the connection that long first.
 */
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
			if (input instanceof Map<?, ?> map && map.get("holdMillis") instanceof Number hold) {
				Thread.sleep(hold.longValue());
			}
			rows.next();
			return rows.getLong(1);
		}
	}

}
