package io.turnstile.auth;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link PostgresAvailable}: connects once per JVM to the configured server and enables the class, skips it
 * with the reason, or (when {@code TURNSTILE_REQUIRE_POSTGRES=true}) fails it with the reason.
 */
final class PostgresAvailableCondition implements ExecutionCondition {

	static final String REQUIRE_VARIABLE = "TURNSTILE_REQUIRE_POSTGRES";

	private static volatile String unavailable;

	private static volatile boolean checked;

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String reason = unavailableReason();
		String server = PostgresTestDatabase.Server.configured().describe();
		if (reason == null) {
			return ConditionEvaluationResult.enabled("PostgreSQL answers at " + server);
		}
		if (Boolean.parseBoolean(PostgresTestDatabase.setting(REQUIRE_VARIABLE, "false"))) {
			throw new IllegalStateException(REQUIRE_VARIABLE + "=true, but PostgreSQL does not answer at " + server + ": "
					+ reason);
		}
		return ConditionEvaluationResult.disabled("PostgreSQL does not answer at " + server + " (" + reason
				+ "); set TURNSTILE_PG_URL to a server that does, or " + REQUIRE_VARIABLE + "=true to fail instead");
	}

	private static synchronized String unavailableReason() {
		if (!checked) {
			try (Connection connection = PostgresTestDatabase.Server.configured().connect()) {
				connection.createStatement().execute("select 1");
				unavailable = null;
			}
			catch (SQLException | RuntimeException ex) {
				unavailable = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			}
			checked = true;
		}
		return unavailable;
	}

}
