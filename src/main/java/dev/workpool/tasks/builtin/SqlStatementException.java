package dev.workpool.tasks.builtin;

import java.sql.SQLException;

import dev.workpool.WorkpoolException;

/**
 * A statement of the {@code sql} task type failed for one input; its transaction was
 * rolled back. The message names the statement and carries the database's own words,
 * SQLState and error code.
 */
final class SqlStatementException extends WorkpoolException {

	private final String statement;

	SqlStatementException(String statement, SQLException cause) {
		super("statement '" + statement + "' failed and was rolled back: " + cause.getMessage() + " (SQLState "
				+ cause.getSQLState() + ", error " + cause.getErrorCode() + ")", cause);
		this.statement = statement;
	}

	/** The statement's configured name. */
	String statement() {
		return this.statement;
	}

}
