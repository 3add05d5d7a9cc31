package dev.workpool.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Recognizes failures caused by an unreachable or overloaded database (connection refused
 * or lost, pool timeout, lock wait timeout): the request may succeed later, so the answer
 * is a 503 with {@code Retry-After}, never a 500.
 */
final class DatabaseTrouble {

	private DatabaseTrouble() {
	}

	static boolean isCause(Throwable ex) {
		for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
					|| t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
					|| t instanceof TransactionSystemException || t instanceof SQLTransientException
					|| t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

}
