package io.turnstile.entitlements.feed;

import java.time.Clock;
import java.time.Duration;

import io.turnstile.entitlements.ChangeFeed;
import io.turnstile.entitlements.ExclusiveTasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the change feed and its hourly clean-up (run when the application enables scheduling, on one node
 * at a time through the {@link ExclusiveTasks} bean when there is one); imported by
 * {@code EntitlementsConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class FeedConfiguration {

	private static final Log logger = LogFactory.getLog(FeedConfiguration.class);

	private static final Duration CLEANUP_INTERVAL = Duration.ofHours(1);

	@Bean
	ChangeFeed changeFeed(FeedEntryEntityRepository entries) {
		return new JpaChangeFeed(entries, Clock.systemUTC());
	}

	@Bean
	SchedulingConfigurer changeFeedCleanup(FeedEntryEntityRepository entries,
			@Value("${turnstile.feed.retention:7d}") Duration retention, PlatformTransactionManager transactionManager,
			ObjectProvider<ExclusiveTasks> exclusive) {
		ChangeFeedCleanup cleanup = new ChangeFeedCleanup(entries, retention, new TransactionTemplate(transactionManager),
				Clock.systemUTC());
		Runnable round = () -> {
			try {
				exclusive.getIfAvailable(() -> ExclusiveTasks.LOCAL)
					.run("entitlements-feed-cleanup", Duration.ofMinutes(10), Duration.ofMinutes(30), cleanup::deleteOld);
			}
			catch (RuntimeException ex) {
				logger.warn("Deleting old change-feed entries failed (" + ex.getClass().getSimpleName()
						+ "); trying again in " + CLEANUP_INTERVAL);
			}
		};
		return (registrar) -> registrar.addFixedDelayTask(new FixedDelayTask(round, CLEANUP_INTERVAL, Duration.ofMinutes(5)));
	}

}
