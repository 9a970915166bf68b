package io.turnstile.auth.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import io.turnstile.auth.web.DatabaseUnavailableFilter;
import io.turnstile.entitlements.ExclusiveTasks;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

/**
 * What lets identical nodes share one database: the {@link ExclusiveTasks} every scheduled job runs through
 * (ShedLock on the {@code shedlock} table), HTTP sessions in {@code spring_session} written with an upsert
 * and cleaned by one node at a time, the filter that answers 503 while the database is away, and metrics
 * that name the protocol endpoints.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

	private static final Log logger = LogFactory.getLog(ClusterConfiguration.class);

	/** Spring Session's default, run through the lock instead of its own cron on every node. */
	private static final Duration SESSION_CLEANUP_INTERVAL = Duration.ofMinutes(1);

	@Bean
	LockProvider lockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName("shedlock")
			.usingDbTime()
			.build());
	}

	@Bean
	ExclusiveTasks exclusiveTasks(LockProvider lockProvider) {
		return new ShedLockExclusiveTasks(lockProvider);
	}

	@Bean
	FilterRegistrationBean<DatabaseUnavailableFilter> databaseUnavailableFilter() {
		FilterRegistrationBean<DatabaseUnavailableFilter> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailableFilter());
		// Inside the metrics filter (HIGHEST_PRECEDENCE + 1), so the 503 is what the metrics record; outside the
		// session and security filters, whose failures it answers.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * Requests stay observed ({@code http_server_requests_seconds}, by endpoint); Spring Security's own
	 * observations of each filter, authentication and authorization are off: they wrap every one of a
	 * chain's filters on every request and tell operators nothing the request metrics and the audit log
	 * don't.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	ServerRequestObservationConvention protocolEndpointsObservationConvention() {
		return new ProtocolEndpointsObservationConvention();
	}

	/**
	 * Two requests of one browser on two nodes may add the same session attribute at once: write attributes
	 * with the database's upsert so neither fails.
	 */
	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributeUpsert(DataSource dataSource) {
		String product = databaseProduct(dataSource);
		return (repository) -> {
			if (product.contains("postgresql")) {
				repository.setCreateSessionAttributeQuery("""
						INSERT INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
						VALUES (?, ?, ?)
						ON CONFLICT (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
						DO UPDATE SET ATTRIBUTE_BYTES = EXCLUDED.ATTRIBUTE_BYTES""");
			}
			else if (product.contains("h2")) {
				repository.setCreateSessionAttributeQuery("""
						MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
						KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
						VALUES (?, ?, ?)""");
			}
		};
	}

	/** Deletes expired sessions every minute on one node ({@code spring.session.jdbc.cleanup-cron} is off). */
	@Bean
	SchedulingConfigurer sessionCleanup(ObjectProvider<JdbcIndexedSessionRepository> sessions,
			ExclusiveTasks exclusive) {
		Runnable round = () -> sessions.ifAvailable((repository) -> {
			try {
				exclusive.run("auth-session-cleanup", Duration.ofMinutes(5), SESSION_CLEANUP_INTERVAL.dividedBy(2),
						repository::cleanUpExpiredSessions);
			}
			catch (RuntimeException ex) {
				logger.warn("Deleting expired HTTP sessions failed (" + ex.getClass().getSimpleName()
						+ "); trying again in " + SESSION_CLEANUP_INTERVAL);
			}
		});
		return (registrar) -> registrar.addFixedDelayTask(round, SESSION_CLEANUP_INTERVAL);
	}

	private static String databaseProduct(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot tell which database holds the HTTP sessions", ex);
		}
	}

}
