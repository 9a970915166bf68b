package io.turnstile.auth.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure because the database cannot be reached (connection refused or dropped, pool timed out,
 * server shutting down) from every other failure: those requests answer 503 with {@code Retry-After}, and
 * the node serves again as soon as the database is back (the pool replaces broken connections).
 */
final class DatabaseUnavailable {

	static final long RETRY_AFTER_SECONDS = 5;

	static final String DETAIL = "The service is temporarily unavailable; retry later";

	private DatabaseUnavailable() {
	}

	/** Whether {@code failure}, or anything that caused it, says the database cannot be reached. */
	static boolean causes(@Nullable Throwable failure) {
		return cause(failure) != null;
	}

	/** Names the failure for the log (class and SQL state: never a message that could carry data). */
	static String describe(Throwable failure) {
		Throwable cause = cause(failure);
		Throwable named = (cause != null) ? cause : failure;
		return named.getClass().getSimpleName()
				+ ((named instanceof SQLException sql && sql.getSQLState() != null) ? " " + sql.getSQLState() : "");
	}

	private static @Nullable Throwable cause(@Nullable Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof CannotCreateTransactionException
					|| current instanceof DataAccessResourceFailureException
					|| current instanceof TransientDataAccessResourceException
					|| current instanceof SQLTransientConnectionException
					|| current instanceof SQLNonTransientConnectionException
					|| current instanceof SQLRecoverableException
					|| current.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
				return current;
			}
			if (current instanceof SQLException sql && (connectionState(sql.getSQLState()) || closed(sql))) {
				return current;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return null;
	}

	/**
	 * The pool's "Connection is closed": the connection broke (the pool closed it on a fatal error) and,
	 * typically, the rollback after the failure found it closed, hiding the first error.
	 */
	private static boolean closed(SQLException failure) {
		String message = failure.getMessage();
		if (message == null) {
			return false;
		}
		String lower = message.toLowerCase(Locale.ROOT);
		return lower.contains("connection is closed") || lower.contains("connection has been closed");
	}

	/** SQL state class 08 (connection exception), or PostgreSQL's 57P01-57P03 (server shutting down or starting). */
	private static boolean connectionState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
				|| state.equals("57P03"));
	}

}
